// Losses and gradient norms of the first training steps of a generated program, printed exactly
// (not a benchmark; by hand, to compare two trees bit for bit):
//   npx tsx bench/_step-losses.ts [backend] [file.arch] [steps] [batch]
import * as tf from "../runtime/tf.ts";
import { disposeParams } from "../runtime/init.ts";
import { trainStep } from "../runtime/train/step.ts";
import { useBackend } from "./backends.ts";
import { loadCompiled } from "./optimizer-programs.ts";
import { startStep, trainingStart } from "./training-start.ts";

const backend = process.argv[2] ?? "native";
const file = process.argv[3] ?? "examples/gpt.arch";
const steps = Number(process.argv[4] ?? 3);
const batchSize = Number(process.argv[5] ?? 4);
tf.env().set("PROD", true);
await useBackend(backend);
const model = await loadCompiled(file, `step-losses-${file.replace(/\W+/g, "-")}`);
const { params, optimizer, batch } = trainingStart(model, batchSize);
for (let i = 0; i < steps; i++) {
  const r = await trainStep(model, params, optimizer, batch, startStep(i));
  console.log(`step ${i}: loss ${r.loss} gradNorm ${r.gradNorm}`);
}
optimizer.dispose();
disposeParams(params);
