// The training configuration: the `.arch` train section (data, batch, steps, optimizer, schedule,
// eval every, checkpoint every, seed; schema and defaults in spec/train.ts). The generated program
// passes a TrainConfig to runMain; flags override it; the resolved form is saved as config.json.
import {
  defaultEvalEvery,
  INT_RANGES,
  inRange,
  rangeText,
  type IntRange,
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

function intIn(what: string, v: number, range: IntRange): number {
  if (!inRange(v, range))
    throw new RuntimeUserError(`${what} must be ${rangeText(range)}, got ${v}.`);
  return v;
}

/** A number that passes `ok`, else a user error saying what was expected. */
function numberThat(what: string, v: number, ok: (x: number) => boolean, expected: string): number {
  if (!ok(v)) throw new RuntimeUserError(`${what} must be ${expected}, got ${v}.`);
  return v;
}

/** The schedule, its warm-up and final rate checked. */
function checkedSchedule(s: ScheduleSpec | undefined): ScheduleSpec {
  if (s === undefined || s.kind === "constant") return { kind: "constant" };
  intIn("warmup", s.warmup, { min: 0, max: INT_RANGES.steps.max });
  numberThat("min_lr", s.minLr ?? 0, (x) => x >= 0, "non-negative");
  return s;
}

/** Fills defaults and checks ranges; errors are RuntimeUserErrors. */
export function resolveTrainConfig(c: TrainConfig): ResolvedTrainConfig {
  const steps = intIn("steps", c.steps, INT_RANGES.steps);
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
          validation: numberThat(
            "validation",
            c.data.validation ?? D.validation,
            (x) => x > 0 && x < 1,
            "a fraction between 0 and 1",
          ),
        }
      : c.data;
  return {
    name: c.name,
    data,
    batch: intIn("batch", c.batch, INT_RANGES.batch),
    steps,
    optimizer: {
      kind: "adamw",
      lr: o.lr,
      betas: [betas[0], betas[1]],
      weightDecay: numberThat(
        "weight_decay",
        o.weightDecay ?? D.weightDecay,
        (x) => x >= 0,
        "non-negative",
      ),
      clip: numberThat("clip", o.clip ?? D.clip, (x) => x >= 0, "non-negative"),
      eps: numberThat("eps", o.eps ?? D.eps, (x) => x > 0, "positive"),
    },
    schedule: checkedSchedule(c.schedule),
    evalEvery: intIn("eval every", c.evalEvery ?? defaultEvalEvery(steps), INT_RANGES.eval),
    checkpointEvery: intIn(
      "checkpoint every",
      c.checkpointEvery ?? D.checkpointEvery,
      INT_RANGES.checkpoint,
    ),
    seed: intIn("seed", c.seed ?? D.seed, INT_RANGES.seed),
    evalBatches: intIn("evalBatches", c.evalBatches ?? D.evalBatches, {
      min: 1,
      max: INT_RANGES.steps.max,
    }),
  };
}
