// Early exits (constructs.md §8.2 LayerSkip, §8.3 early exits trained from scratch), shared by the
// compiler (which checks `repeat … with layerskip(…)` / `with exits(…)` and writes the plan into the
// program's meta) and the runtime (which trains with the multi-exit objective and applies the exit
// rule when evaluating and sampling). Plain data, no tfjs.

/** Which exits are enabled at step t (LayerSkip): all chosen, rolling by one per step, or last-first. */
export const EXIT_CURRICULA = ["fixed", "rotational", "gradual"] as const;
export type ExitCurriculum = (typeof EXIT_CURRICULA)[number];

/** The exit rule at inference: first exit whose max posterior ≥ τ, or whose entropy ≤ τ (nats). */
export const EXIT_RULES = ["max_posterior", "entropy"] as const;
export type ExitRule = (typeof EXIT_RULES)[number];

/** The exits of a model; `layers` are 0-based layer indices of the repeat, ascending. */
export interface ExitSpec {
  /** layerskip: the shared final norm and head at each exit; exits: each exit has its own norm and head. */
  readonly kind: "layerskip" | "exits";
  /** L, the repeat's iterations; the model's own output is the exit at layer L − 1. */
  readonly depth: number;
  /** The early exits (layers < L − 1), ascending. */
  readonly layers: readonly number[];
  /** LayerSkip: the loss weights' scale e_scale of layers ℓ < L − 1 (1 for `exits`). */
  readonly scale: number;
  /** LayerSkip: which exits are enabled at each step (`fixed` for `exits`). */
  readonly curriculum: ExitCurriculum;
  /** LayerSkip's rotational curriculum: every `every`-th exit layer is enabled, shifting each step. */
  readonly every: number;
  readonly rule: ExitRule;
  readonly threshold: number;
}

/** The defaults of `with layerskip(…)` and `with exits(…)`. */
export const EXIT_DEFAULTS = {
  /** LayerSkip's maximum layer-dropout rate p_max. */
  pMax: 0.1,
  /** LayerSkip's early-exit loss scale e_scale. */
  scale: 1,
  curriculum: "fixed",
  every: 2,
  rule: "max_posterior",
  /** The exit threshold τ of the max-posterior rule. */
  threshold: 0.9,
} as const satisfies {
  pMax: number;
  scale: number;
  curriculum: ExitCurriculum;
  every: number;
  rule: ExitRule;
  threshold: number;
};
