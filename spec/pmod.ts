// p-MoD facts shared by compiler and runtime (constructs.md §8.1): TanhNorm's constants, the
// progressive ratio decay over layers and the number of tokens a layer keeps. Plain numbers, no tfjs.

/** TanhNorm ŵ = a·tanh(r) + c with p-MoD's `tanh_0.2_1`: ŵ = 1 at a zero-initialised router. */
export const TANH_NORM = { a: 0.2, c: 1 } as const;

/** Progressive ratio decay settings: ρ̄ (mean), ρ_max (above it a layer stays dense), ρ_min (floor). */
export interface RatioDecay {
  readonly mean: number;
  readonly max: number;
  readonly min: number;
}

/** p-MoD's run script: ρ̄ = 0.5, ρ_max = 0.85, ρ_min = 0.15. */
export const PMOD_DEFAULTS: RatioDecay = { mean: 0.5, max: 0.85, min: 0.15 };

/**
 * The keep ratio of layer ℓ (0-based) of L: c = cos(ℓπ/(L−1))/2 + ρ̄ (the reference code hard-codes
 * L−1 = 31); `dense` when c > ρ_max (the layer is an ordinary layer), else ρ = max(c, ρ_min).
 * A single layer (L = 1) uses ℓπ/1 = 0, so c = 1/2 + ρ̄.
 */
export function keepRatio(
  layer: number,
  layers: number,
  s: RatioDecay = PMOD_DEFAULTS,
): { readonly dense: boolean; readonly ratio: number } {
  const c = Math.cos((layer * Math.PI) / Math.max(layers - 1, 1)) / 2 + s.mean;
  return c > s.max ? { dense: true, ratio: 1 } : { dense: false, ratio: Math.max(c, s.min) };
}

/**
 * Why a p-MoD model cannot generate text: the top-k over the sequence lets each token's route
 * depend on the tokens after it, so training computes what decoding (which sees no later token)
 * cannot reproduce. p-MoD routes the vision tokens of a prompt only; here every token is routed.
 */
export const PMOD_NO_DECODE =
  "p-MoD keeps the top-k tokens of the whole sequence, so a token's route depends on the tokens after it; generation sees no later token and cannot reproduce the trained computation";

/** Tokens kept among n target tokens at ratio ρ: ⌊ρ·n⌋, at least 1 (a layer never empties). */
export function keptTokens(ratio: number, n: number): number {
  // ρ·n computed in floating point can land just under an integer (0.15·20 = 2.9999…): round first
  const exact = Math.round(ratio * n * 1e9) / 1e9;
  return Math.min(n, Math.max(1, Math.floor(exact)));
}
