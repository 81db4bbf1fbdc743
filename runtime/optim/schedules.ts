// Learning-rate schedules as pure functions of the 0-based step index.
//   constant:       lr
//   warmup_linear:  lr·(t+1)/warmup during warm-up, then linear decay to minLr at step `total`
//   warmup_cosine:  lr·(t+1)/warmup during warm-up, then cosine decay from lr to minLr at step `total`

import { TRAIN_DEFAULTS, type ScheduleSpec } from "../../spec/train.ts";

export type { ScheduleSpec };

/** The learning rate of update number `step` (0-based) out of `total`, for base rate `lr`. */
export function learningRate(spec: ScheduleSpec, lr: number, step: number, total: number): number {
  if (spec.kind === "constant") return lr;
  const minLr = spec.minLr ?? TRAIN_DEFAULTS.minLr;
  if (step < spec.warmup) return (lr * (step + 1)) / spec.warmup;
  const span = Math.max(1, total - spec.warmup);
  const progress = Math.min(1, Math.max(0, (step - spec.warmup) / span));
  if (spec.kind === "warmup_linear") return lr - (lr - minLr) * progress;
  return minLr + 0.5 * (lr - minLr) * (1 + Math.cos(Math.PI * progress));
}

/** A schedule bound to its base rate and length: step → lr. */
export function makeSchedule(
  spec: ScheduleSpec,
  lr: number,
  total: number,
): (step: number) => number {
  return (step) => learningRate(spec, lr, step, total);
}
