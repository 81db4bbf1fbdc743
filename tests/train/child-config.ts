// The train config of the child training program (train-child.ts), shared with the tests that
// resume or compete with its runs in this process (a resumed run must match its batch, seed, data).
import type { TrainConfig } from "../../runtime/train/config.ts";

export const childConfig: TrainConfig = {
  name: "bigram",
  data: { kind: "text", source: "sotu", validation: 0.05 },
  batch: 4,
  steps: 30,
  optimizer: { kind: "adamw", lr: 0.02, betas: [0.9, 0.99], weightDecay: 0.01, clip: 1 },
  schedule: { kind: "warmup_cosine", warmup: 5, minLr: 0.002 },
  evalEvery: 10,
  checkpointEvery: 10,
  seed: 3,
  evalBatches: 2,
};
