// The training configuration: the `.arch` train section (data, batch, steps, optimizer, schedule,
// eval every, checkpoint every, seed; schema and defaults in spec/train.ts). The generated program
// passes a TrainConfig to runMain; flags override it; the resolved form is saved as config.json.
import {
  defaultEvalEvery,
  TRAIN_DEFAULTS as D,
  type DataSpec,
  type OptimizerSpec,
  type ScheduleSpec,
  type TrainConfig,
} from "../../spec/train.ts";
import { RuntimeUserError } from "../errors.ts";

export type { DataSpec, OptimizerSpec, TrainConfig };

/** Every field present; what config.json holds. */
export interface ResolvedTrainConfig {
  readonly name: string;
  readonly data: DataSpec;
  readonly batch: number;
  readonly steps: number;
  readonly optimizer: Required<OptimizerSpec>;
  readonly schedule: ScheduleSpec;
  readonly evalEvery: number;
  readonly checkpointEvery: number;
  readonly seed: number;
  readonly evalBatches: number;
}

function positiveInt(what: string, v: number): number {
  if (!Number.isInteger(v) || v < 1)
    throw new RuntimeUserError(`${what} must be a positive integer, got ${v}.`);
  return v;
}

function nonNegInt(what: string, v: number): number {
  if (!Number.isInteger(v) || v < 0)
    throw new RuntimeUserError(`${what} must be a non-negative integer, got ${v}.`);
  return v;
}

/** Fills defaults and checks ranges; errors are RuntimeUserErrors. */
export function resolveTrainConfig(c: TrainConfig): ResolvedTrainConfig {
  const steps = positiveInt("steps", c.steps);
  const o = c.optimizer;
  const betas = o.betas ?? D.betas;
  if (!(o.lr > 0)) throw new RuntimeUserError(`The learning rate must be positive, got ${o.lr}.`);
  if (!betas.every((b) => b >= 0 && b < 1))
    throw new RuntimeUserError(`betas must be in [0, 1), got (${betas.join(", ")}).`);
  const data: DataSpec =
    c.data.kind === "text"
      ? {
          kind: "text",
          source: c.data.source,
          tokenizer: c.data.tokenizer ?? "bytes",
          validation: c.data.validation ?? D.validation,
        }
      : c.data;
  return {
    name: c.name,
    data,
    batch: positiveInt("batch", c.batch),
    steps,
    optimizer: {
      kind: "adamw",
      lr: o.lr,
      betas: [betas[0], betas[1]],
      weightDecay: o.weightDecay ?? D.weightDecay,
      clip: o.clip ?? D.clip,
      eps: o.eps ?? D.eps,
    },
    schedule: c.schedule ?? { kind: "constant" },
    evalEvery: positiveInt("eval every", c.evalEvery ?? defaultEvalEvery(steps)),
    checkpointEvery: nonNegInt("checkpoint every", c.checkpointEvery ?? D.checkpointEvery),
    seed: nonNegInt("seed", c.seed ?? D.seed),
    evalBatches: positiveInt("evalBatches", c.evalBatches ?? D.evalBatches),
  };
}
