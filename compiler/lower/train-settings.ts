// The train section's vocabulary: its settings, the interval settings, and the parameters of the
// options of `data`, `optimizer` and `schedule` (read by train-spec.ts and train-data.ts, which check
// a section, and by overrides.ts, which resolves `--set NAME=VALUE` names against them).
import { FLOAT, INT, STRING } from "./builtins.ts";
import type { ParamLike } from "./args.ts";
import { float, type Value } from "./values.ts";
import { TOKENIZER_NAMES } from "../../spec/tokenizers.ts";
import { TRAIN_DEFAULTS } from "../../spec/train.ts";

export const TRAIN_SETTINGS = [
  "data",
  "batch",
  "steps",
  "optimizer",
  "schedule",
  "eval",
  "checkpoint",
  "seed",
  "dropout",
] as const;
/** The settings written `key every N steps`. */
export const INTERVAL_SETTINGS: ReadonlySet<string> = new Set(["eval", "checkpoint"]);

/** adamw's arguments, all named. */
export const ADAMW_ARGS = ["lr", "betas", "weight_decay", "clip", "eps"] as const;

/** The parameters of `text(…)`: the source (a path string or `sotu`), the tokenizer, the validation fraction. */
export function textParams(path: string | undefined): ParamLike[] {
  const src = {
    name: "source",
    type: { k: "enum", name: "sotu | path", members: ["sotu"] },
  } as const;
  const tok = {
    name: "tokenizer",
    type: { k: "enum", name: TOKENIZER_NAMES.join(" | "), members: TOKENIZER_NAMES },
    default: (): Value => ({ t: "enum", name: "bytes" }),
  } as const;
  return [
    path !== undefined ? { name: "source", type: STRING } : src,
    tok,
    { name: "validation", type: FLOAT, default: () => float(TRAIN_DEFAULTS.validation) },
  ];
}

/** The parameters of `warmup_linear(…)` and `warmup_cosine(…)` (min_lr is required by the cosine). */
export function warmupParams(cosine: boolean): ParamLike[] {
  return [
    { name: "warmup", type: INT },
    cosine
      ? { name: "min_lr", type: FLOAT }
      : { name: "min_lr", type: FLOAT, default: () => float(TRAIN_DEFAULTS.minLr) },
  ];
}

const names = (ps: readonly ParamLike[]): readonly string[] => ps.map((p) => p.name);

/**
 * The arguments of each option of a setting, in positional order (`lr` of `optimizer adamw(…)`,
 * `warmup` of `schedule warmup_cosine(…)`): with TRAIN_SETTINGS, the names `--set` accepts
 * (compiler/lower/overrides.ts).
 */
export const OPTION_ARGS: Readonly<
  Record<"data" | "optimizer" | "schedule", Readonly<Record<string, readonly string[]>>>
> = {
  data: { text: names(textParams(undefined)), copy: ["length"], recall: ["pairs"] },
  optimizer: { adamw: ADAMW_ARGS },
  schedule: {
    constant: [],
    warmup_linear: names(warmupParams(false)),
    warmup_cosine: names(warmupParams(true)),
  },
};
