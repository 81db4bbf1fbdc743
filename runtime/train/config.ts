// The training configuration: mirrors the `.arch` train section (data, batch, steps, optimizer,
// schedule, eval every, checkpoint every, seed). The generated program passes a TrainConfig to
// runMain; flags override it; the resolved form is saved as the run's config.json.
import type { ScheduleSpec } from "../optim/schedules.ts";
import { RuntimeUserError } from "../errors.ts";

/** `data text(sotu | "path.txt", tokenizer: bytes, validation: 0.05)`, `data copy(length: 16)`, `data recall(pairs: 8)`. */
export type DataSpec =
  | {
      readonly kind: "text";
      /** "sotu" is the bundled corpus; otherwise a path to a text file. */
      readonly source: "sotu" | { readonly file: string };
      readonly tokenizer?: "bytes";
      /** Tail fraction used for validation (default 0.05). */
      readonly validation?: number;
    }
  | { readonly kind: "copy"; readonly length: number }
  | { readonly kind: "recall"; readonly pairs: number };

/** `optimizer adamw(lr:, betas: (b1, b2), weight_decay:, clip:, eps:)`. */
export interface OptimizerSpec {
  readonly kind: "adamw";
  readonly lr: number;
  readonly betas?: readonly [number, number];
  readonly weightDecay?: number;
  /** Global gradient-norm clip; 0 or absent disables clipping. */
  readonly clip?: number;
  readonly eps?: number;
}

/** What a generated program passes to runMain (optional fields take the defaults below). */
export interface TrainConfig {
  /** The train section's name (`train GPT { … }`); names the run directory. */
  readonly name: string;
  readonly data: DataSpec;
  readonly batch: number;
  readonly steps: number;
  readonly optimizer: OptimizerSpec;
  readonly schedule?: ScheduleSpec;
  /** `eval every N steps` (default: steps / 10, at least 1). */
  readonly evalEvery?: number;
  /** `checkpoint every N steps` (default 100; 0 = only at the end and on Ctrl-C). */
  readonly checkpointEvery?: number;
  readonly seed?: number;
  /** Validation batches per evaluation (default 8). */
  readonly evalBatches?: number;
}

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
  const betas = o.betas ?? [0.9, 0.999];
  if (!(o.lr > 0)) throw new RuntimeUserError(`The learning rate must be positive, got ${o.lr}.`);
  if (!betas.every((b) => b >= 0 && b < 1))
    throw new RuntimeUserError(`betas must be in [0, 1), got (${betas.join(", ")}).`);
  const data: DataSpec =
    c.data.kind === "text"
      ? {
          kind: "text",
          source: c.data.source,
          tokenizer: "bytes",
          validation: c.data.validation ?? 0.05,
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
      weightDecay: o.weightDecay ?? 0.01,
      clip: o.clip ?? 0,
      eps: o.eps ?? 1e-8,
    },
    schedule: c.schedule ?? { kind: "constant" },
    evalEvery: positiveInt("eval every", c.evalEvery ?? Math.max(1, Math.floor(steps / 10))),
    checkpointEvery: nonNegInt("checkpoint every", c.checkpointEvery ?? 100),
    seed: nonNegInt("seed", c.seed ?? 0),
    evalBatches: positiveInt("evalBatches", c.evalBatches ?? 8),
  };
}
