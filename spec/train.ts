// The train section's schema and defaults, shared by the compiler (which checks a `.arch` train
// section and writes it into the program as `trainConfig`) and the runtime (which fills the defaults
// and trains). Plain data, no tfjs.
import type { TokenizerName } from "./tokenizers.ts";

/** `data text(sotu | "path.txt", tokenizer: bytes | gpt2, validation: 0.05)`, `data copy(length: 16)`, `data recall(pairs: 8)`. */
export type DataSpec =
  | {
      readonly kind: "text";
      /** "sotu" is the bundled corpus; otherwise a text file's path (absolute once compiled). */
      readonly source: "sotu" | { readonly file: string };
      /** How text becomes token ids (spec/tokenizers.ts); default bytes. */
      readonly tokenizer?: TokenizerName;
      /** Tail fraction used for validation (default TRAIN_DEFAULTS.validation). */
      readonly validation?: number;
    }
  | { readonly kind: "copy"; readonly length: number }
  | { readonly kind: "recall"; readonly pairs: number };

export const DATA_KINDS = ["text", "copy", "recall"] as const satisfies readonly DataSpec["kind"][];

/**
 * Learning-rate schedules of 0-based steps: `constant`; `warmup_linear`: lr·(t+1)/warmup, then linear
 * decay to minLr (default 0); `warmup_cosine`: the same warm-up, then cosine from lr to minLr.
 */
export type ScheduleSpec =
  | { readonly kind: "constant" }
  | { readonly kind: "warmup_linear"; readonly warmup: number; readonly minLr?: number }
  | { readonly kind: "warmup_cosine"; readonly warmup: number; readonly minLr: number };

export const SCHEDULE_KINDS = [
  "constant",
  "warmup_cosine",
  "warmup_linear",
] as const satisfies readonly ScheduleSpec["kind"][];

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

export const OPTIMIZER_KINDS = ["adamw"] as const satisfies readonly OptimizerSpec["kind"][];

/** What a generated program passes to runMain (optional fields take TRAIN_DEFAULTS). */
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
  /** `checkpoint every N steps` (0 = only at the end and on Ctrl-C). */
  readonly checkpointEvery?: number;
  readonly seed?: number;
  /** Validation batches per evaluation. */
  readonly evalBatches?: number;
  /** The `--set NAME=VALUE` flags the program was compiled with (recorded in the run). */
  readonly overrides?: readonly string[];
}

/** The defaults of a train section's settings and of the optimizer's and data's options. */
export const TRAIN_DEFAULTS = {
  /** `batch` when the section does not set it. */
  batch: 16,
  /** `optimizer` when the section does not set it: adamw(lr: 3e-4). */
  lr: 3e-4,
  /** Tail fraction of a text corpus used for validation. */
  validation: 0.05,
  /** A warm-up schedule's final rate when `min_lr` is absent (warmup_linear). */
  minLr: 0,
  betas: [0.9, 0.999],
  weightDecay: 0.01,
  clip: 0,
  eps: 1e-8,
  checkpointEvery: 100,
  seed: 0,
  evalBatches: 8,
  /** Evaluations per run when `eval every` is absent: every steps / 10 steps, at least 1. */
  evalsPerRun: 10,
} as const;

/** An inclusive range of an integer setting. */
export interface IntRange {
  readonly min: number;
  readonly max: number;
}

/**
 * The ranges of the integer settings, by train-section name: checked in the train section (and so
 * for `--set`), by the program's flags (`--steps`, `--eval-every`, …) and by resolveTrainConfig.
 */
export const INT_RANGES = {
  batch: { min: 1, max: 65536 },
  steps: { min: 1, max: 1_000_000_000 },
  seed: { min: 0, max: 2 ** 32 - 1 },
  eval: { min: 1, max: 1_000_000_000 },
  checkpoint: { min: 0, max: 1_000_000_000 },
} as const satisfies Record<string, IntRange>;

/**
 * The numeric train settings, by their `.arch` name (`eval` of `eval every N steps`, `lr` of
 * `adamw(lr: …)`), and where each lives in a TrainConfig: what `--set NAME=VALUE` changes in a
 * generated program, which has no compiler (`archc train --set` changes everything, constants too).
 */
export const NUMERIC_SETTINGS = {
  batch: { field: ["batch"], range: INT_RANGES.batch },
  steps: { field: ["steps"], range: INT_RANGES.steps },
  seed: { field: ["seed"], range: INT_RANGES.seed },
  eval: { field: ["evalEvery"], range: INT_RANGES.eval },
  checkpoint: { field: ["checkpointEvery"], range: INT_RANGES.checkpoint },
  lr: { field: ["optimizer", "lr"] },
  weight_decay: { field: ["optimizer", "weightDecay"] },
  clip: { field: ["optimizer", "clip"] },
  eps: { field: ["optimizer", "eps"] },
  warmup: { field: ["schedule", "warmup"] },
  min_lr: { field: ["schedule", "minLr"] },
  validation: { field: ["data", "validation"] },
} as const satisfies Record<string, { field: readonly string[]; range?: IntRange }>;

/** "an integer from 1 to 65536", for messages. */
export function rangeText(r: IntRange): string {
  return `an integer from ${r.min} to ${r.max}`;
}

/** Whether `v` is an integer inside `r`. */
export function inRange(v: number, r: IntRange): boolean {
  return Number.isInteger(v) && v >= r.min && v <= r.max;
}

/** `eval every` when the section does not set it. */
export function defaultEvalEvery(steps: number): number {
  return Math.max(1, Math.floor(steps / TRAIN_DEFAULTS.evalsPerRun));
}
