// The fixed-budget protocol of `archc compare` (constructs.md §10.6, "No Train No Gain"): every
// variant trains the same number of steps, on the same batch size, data order and seed, with its
// learning-rate schedule fully decayed at the end of the budget (a warm-up is scaled with it).
import type { TrainConfig } from "../../runtime/train/config.ts";

export interface Budget {
  readonly steps: number;
  readonly batch: number;
  readonly seed: number;
  readonly backend?: string;
  /** Evaluate every this many steps (the last step always). */
  readonly evalEvery: number;
}

/** The variant's train section under the budget, and its schedule in words. */
export function budgetConfig(
  config: TrainConfig,
  budget: Budget,
): { config: TrainConfig; schedule: string } {
  const s = config.schedule ?? { kind: "constant" as const };
  const scale = budget.steps / Math.max(1, config.steps);
  const schedule =
    s.kind === "constant"
      ? s
      : {
          ...s,
          warmup: Math.min(
            budget.steps - 1,
            Math.max(s.warmup > 0 ? 1 : 0, Math.round(s.warmup * scale)),
          ),
        };
  const text =
    schedule.kind === "constant"
      ? "constant (never decays: not the fixed-budget protocol)"
      : `${schedule.kind}, warm-up ${schedule.warmup} of ${budget.steps} steps, decayed to ${schedule.minLr ?? 0} at the end`;
  return {
    config: {
      ...config,
      steps: budget.steps,
      batch: budget.batch,
      seed: budget.seed,
      schedule,
      evalEvery: budget.evalEvery,
      checkpointEvery: 0,
    },
    schedule: text,
  };
}
