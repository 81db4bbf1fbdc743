// Where the generated programs' training steps start in the benchmarks (programStepper in
// optimizer-programs.ts) and in the tests that compare their losses: seeded weights, the benchmarks'
// AdamW, one fixed batch and the step options. No side effects on import.
import type { Batch } from "../runtime/data/types.ts";
import { createParams, decayNames } from "../runtime/init.ts";
import type { CompiledModel, Params } from "../runtime/model.ts";
import { AdamW } from "../runtime/optim/adamw.ts";
import type { StepOptions } from "../runtime/train/step.ts";

/** Where the programs' training steps start: seeded weights, AdamW and one fixed batch. */
export interface TrainingStart {
  readonly params: Params;
  readonly optimizer: AdamW;
  readonly batch: Batch;
}

/** Weights (seed 1), AdamW (lr 1e-3, β 0.9/0.95, decay 0.1) and a fixed batch [batch, context + 1]. */
export function trainingStart(model: CompiledModel, batch: number): TrainingStart {
  const width = model.meta.context + 1;
  const tokens = Int32Array.from(
    { length: batch * width },
    (_, i) => (i * 7919 + 13) % model.meta.vocab,
  );
  const params = createParams(model.params, 1);
  const optimizer = new AdamW({
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    weightDecay: 0.1,
    decay: decayNames(model.params),
  });
  return { params, optimizer, batch: { tokens, batch, width } };
}

/** The options of training step `step` from a trainingStart. */
export const startStep = (step: number): StepOptions => ({ lr: 1e-3, clip: 1, step, seed: 1 });
