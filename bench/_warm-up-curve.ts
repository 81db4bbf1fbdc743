// How a fresh process's step time settles (by hand; the evidence for optimizer-programs.ts
// WARM_UP_CPU_S): CPU-ms per step of a generated program's training step, by bucket of step
// indices, from the first step of a fresh process.
//   npx tsx bench/_warm-up-curve.ts [backend] [small|gpt]
import * as tf from "../runtime/tf.ts";
import { useBackend } from "./backends.ts";
import { programStepper, benchModel, timeSteps } from "./optimizer-programs.ts";

const backend = process.argv[2] ?? "native";
const which = process.argv[3] ?? "small";
/** The last step of each bucket (the first bucket is step 1 alone). */
const EDGES = [1, 2, 5, 10, 20, 40, 80, 160, 320, 480];
tf.env().set("PROD", true);
const { model, batch } = await benchModel(which, "curve");
await useBackend(backend);
const stepper = programStepper(model, batch);
let done = 0;
const buckets: string[] = [];
for (const last of EDGES) {
  const t = await timeSteps(stepper, last - done);
  buckets.push(`steps ${done + 1}–${last}: ${((t.cpu * 1000) / (last - done)).toFixed(1)}`);
  done = last;
}
console.log(`${backend} ${which}, CPU-ms a step: ${buckets.join(", ")}`);
