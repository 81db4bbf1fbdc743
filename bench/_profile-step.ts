// Per-kernel profile of one training step of a generated program (not a benchmark; run by hand):
//   npx tsx bench/_profile-step.ts [backend] [small|gpt|gemm]
// Prints, per kernel name, the call count and CPU time (process.cpuUsage around each kernel) and the
// wall kernel time (tf.profile) of one step, sorted by time; PROFILE_SHAPES=<regex of kernel names>
// adds one row per input shape of those kernels.
import * as tf from "../runtime/tf.ts";
import { PerformanceObserver } from "node:perf_hooks";
import { benchModel, programStepper } from "./optimizer-programs.ts";
import { useBackend, wrapKernels } from "./backends.ts";

const backend = process.argv[2] ?? "cpu-fast";
const which = process.argv[3] ?? "small";
tf.env().set("PROD", true);
await useBackend(backend);
// CPU time per kernel (process.cpuUsage around each kernel function; tf.profile's times are wall).
const cpuBy = new Map<string, { n: number; us: number }>();
/** Wraps every kernel registered now (after the warm-up steps: the fused kernels register lazily). */
function timeKernels(): void {
  wrapKernels(backend, (kernelName, inner) => (args) => {
    const c0 = process.cpuUsage();
    const r = inner(args);
    const c = process.cpuUsage(c0);
    const e = cpuBy.get(kernelName) ?? { n: 0, us: 0 };
    e.n++;
    e.us += c.user + c.system;
    cpuBy.set(kernelName, e);
    return r;
  });
}
const { model, batch } = await benchModel(which, "profile");
const stepper = programStepper(model, batch);
await stepper.step();
await stepper.step();
timeKernels();
const t0 = performance.now();
await stepper.step();
const ms = performance.now() - t0;
cpuBy.clear();
const gcKinds = new Map<string, number>();
let gcMs = 0; // garbage collection during the measured step (V8's pauses, from perf_hooks)
const gc = new PerformanceObserver((list) => {
  for (const e of list.getEntries()) {
    gcMs += e.duration;
    const k = String((e as unknown as { detail?: { kind?: number } }).detail?.kind);
    gcKinds.set(k, (gcKinds.get(k) ?? 0) + e.duration);
  }
});
gc.observe({ entryTypes: ["gc"] });
const c0 = process.cpuUsage();
await stepper.step();
const stepCpu = process.cpuUsage(c0);
await new Promise((r) => setTimeout(r, 10)); // deliver the step's gc entries
gc.disconnect();
console.log("gc by kind", [...gcKinds]);
const kernelCpu = [...cpuBy].sort((a, b) => b[1].us - a[1].us);
const kernelUs = kernelCpu.reduce((s, [, e]) => s + e.us, 0);
console.log(
  `CPU: step ${((stepCpu.user + stepCpu.system) / 1000).toFixed(0)} ms, in kernels ${(kernelUs / 1000).toFixed(0)} ms; GC pauses ${gcMs.toFixed(0)} ms (wall)`,
);
for (const [name, e] of kernelCpu.slice(0, 25))
  console.log(
    `  cpu ${name.padEnd(22)} ${String(e.n).padStart(5)} ${(e.us / 1000).toFixed(1).padStart(8)} ms`,
  );
const info = await tf.profile(() => stepper.step());
const by = new Map<string, { n: number; ms: number }>();
for (const k of info.kernels) {
  const e = by.get(k.name) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
  by.set(k.name, e);
}
const rows = [...by].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(
  `${backend} ${which}: step ${ms.toFixed(0)} ms (${((stepper.tokens / ms) * 1000).toFixed(0)} tok/s), ` +
    `${info.kernels.length} kernel calls, ${total.toFixed(0)} ms in kernels, peak ${(info.peakBytes / 2 ** 20).toFixed(1)} MiB`,
);
for (const [name, e] of rows)
  console.log(`${name.padEnd(24)} ${String(e.n).padStart(5)} ${e.ms.toFixed(1).padStart(8)} ms`);
const shapesOf = process.env["PROFILE_SHAPES"]; // a regex of kernel names, e.g. "MatMul|PadV2"
if (shapesOf !== undefined) {
  const shapes = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    if (!new RegExp(shapesOf).test(k.name)) continue;
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const e = shapes.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    shapes.set(key, e);
  }
  for (const [key, e] of [...shapes].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`${key.padEnd(60)} ${String(e.n).padStart(4)} ${e.ms.toFixed(1).padStart(8)} ms`);
}
stepper.dispose();
