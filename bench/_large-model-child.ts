// One contender of bench/large-model.ts in its own process (so that peak RSS is its own and
// ARCHC_WASM_KERNELS is read fresh): trains the large GPT `steps` steps after one untimed warm-up on
// the backend named in argv[2] and prints one JSON line {tokensPerCpuSecond, tokensPerSecond, peakRssMiB}.
import { selectBackend } from "../runtime/backend.ts";
import { highWaterBytes } from "./_rss.ts";
import { LARGE_GPT } from "./large-model.ts";
import {
  gptSpec,
  loadCompiled,
  programStepper,
  timeSteps,
  writeSpec,
} from "./optimizer-programs.ts";

const backend = process.argv[2] ?? "wasm";
const steps = Number(process.argv[3] ?? "2");
await selectBackend(backend);
const file = writeSpec("large-model", gptSpec(LARGE_GPT));
const model = await loadCompiled(file, "large-model");
const stepper = programStepper(model, LARGE_GPT.batch);
await stepper.step(); // warm-up: JIT, optimizer state, masks, heap growth
const t = await timeSteps(stepper, steps);
stepper.dispose();
const tokens = stepper.tokens * steps;
process.stdout.write(
  JSON.stringify({
    tokensPerCpuSecond: tokens / t.cpu,
    tokensPerSecond: tokens / t.wall,
    peakRssMiB: highWaterBytes() / 2 ** 20, // not ru_maxrss: it includes the parent's RSS at fork
  }) + "\n",
);
