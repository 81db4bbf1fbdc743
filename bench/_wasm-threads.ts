// Threaded wasm, measured by hand (issue #13, item 3; docs/runtime.md "Threaded wasm"): one
// configuration per process, a generated program's training steps on the wasm backend, either the
// stock build tfjs picks in Node (SIMD, one thread) or the threaded SIMD build started through
// bench/_wasm-threads-shim.ts with 1 or 2 threads. Interleave the configurations by hand:
//   for c in stock 1 2 stock 1 2; do npx tsx bench/_wasm-threads.ts $c small; done
// Prints one JSON line: threads in force, wall and CPU per step, tokens/s wall, tokens per
// CPU-second, CPU/wall, RSS, and the last step's loss (equal across configurations: the same steps).
import { createRequire } from "node:module";
import * as tf from "../runtime/tf.ts";
import { useBackend } from "./backends.ts";
import { installWasmThreads, withCores } from "./_wasm-threads-shim.ts";
import { programStepper, benchModel, timeSteps } from "./optimizer-programs.ts";

/** Untimed steps first (the JIT, the optimizer state). */
const WARM_UP_STEPS = 10;
const [config = "stock", which = "small", stepsArg = "20"] = process.argv.slice(2);
if (!["stock", "1", "2"].includes(config) || !["small", "gpt"].includes(which)) {
  process.stderr.write("usage: _wasm-threads.ts <stock|1|2> [small|gpt] [steps]\n");
  process.exit(2);
}
const wasm = createRequire(import.meta.url)(
  "@tensorflow/tfjs-backend-wasm",
) as typeof import("@tensorflow/tfjs-backend-wasm");
tf.env().set("PROD", true);
const { model, batch } = await benchModel(which, "wasm-threads");
const threads = config === "stock" ? 1 : Number(config);
if (config !== "stock") {
  installWasmThreads();
  wasm.setThreadsCount(threads); // before the backend starts
}
await withCores(2 * threads, () => useBackend("wasm"));
const stepper = programStepper(model, batch);
await timeSteps(stepper, WARM_UP_STEPS); // a fixed count, so that every configuration's last loss is comparable
const steps = Number(stepsArg);
const t = await timeSteps(stepper, steps);
const tokens = stepper.tokens * steps;
console.log(
  JSON.stringify({
    config,
    model: which,
    threads: config === "stock" ? 1 : wasm.getThreadsCount(),
    wallMsPerStep: +((t.wall * 1000) / steps).toFixed(1),
    cpuMsPerStep: +((t.cpu * 1000) / steps).toFixed(1),
    tokensPerS: Math.round(tokens / t.wall),
    tokensPerCpuS: Math.round(tokens / t.cpu),
    cpuOverWall: +(t.cpu / t.wall).toFixed(2),
    rssMiB: Math.round(process.memoryUsage.rss() / 2 ** 20),
    loss: stepper.loss,
  }),
);
process.exit(0); // XNNPACK's pool threads never end
