// Trains a compiled example for a few steps in this process, on one fixed batch of token ids,
// with the runtime's own step (forward, cross-entropy + aux losses, clipping, AdamW).
import { join } from "node:path";
import { createParams, decayNames, disposeParams } from "../../runtime/init.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { trainStep } from "../../runtime/train/step.ts";
import { compileExample, importProgram, REPO, stem, writeProgram } from "../codegen/support.ts";

export interface TrainRun {
  readonly losses: readonly number[];
  readonly paramCount: number;
}

/** Compiles examples/<file> into out/tests/<suite>/<stem>, imports it and trains `steps` steps. */
/** Examples not trained end to end, and why. */
export const SKIPPED: Readonly<Record<string, string>> = {
  "gpt2-small.arch": "124M parameters: too large for a CPU test (it has no train section either)",
};

export async function trainExample(
  file: string,
  suite: string,
  steps: number,
  batch = 2,
  length = 16,
): Promise<TrainRun> {
  const { code } = await compileExample(file);
  const mod = await importProgram(
    writeProgram(join(REPO, "out", "tests", suite, stem(file)), code),
  );
  const { model } = mod;
  const losses = await trainFixedBatch(model, steps, batch, length);
  return { losses, paramCount: model.meta.paramCount };
}

/**
 * `steps` AdamW steps (lr 3e-3, clip 1) of the runtime's trainStep on one fixed pseudo-random batch
 * [batch, length + 1] from seed-1 weights; the losses. The loss must fall as the model fits it.
 */
export async function trainFixedBatch(
  model: CompiledModel,
  steps: number,
  batch: number,
  length: number,
): Promise<number[]> {
  const tokens = Int32Array.from(
    { length: batch * (length + 1) },
    (_, i) => (i * 7919 + 13) % model.meta.vocab,
  );
  const params = createParams(model.params, 1);
  const lr = 3e-3;
  const optimizer = new AdamW({
    lr,
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    weightDecay: 0.1,
    decay: decayNames(model.params),
  });
  const losses: number[] = [];
  try {
    for (let step = 0; step < steps; step++) {
      const r = await trainStep(
        model,
        params,
        optimizer,
        { tokens, batch, width: length + 1 },
        { lr, clip: 1, step, seed: 1 },
      );
      losses.push(r.loss);
    }
  } finally {
    optimizer.dispose();
    disposeParams(params);
  }
  return losses;
}
