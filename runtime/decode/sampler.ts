// Drawing the next token from logits: temperature (0 = greedy), top-k, then top-p (nucleus), with a
// seeded Rng so that one seed gives one continuation. Ties are broken by the lower token id.
import { RuntimeUserError } from "../errors.ts";
import type { Rng } from "../init.ts";

export interface SamplerOptions {
  /** Softmax temperature; 0 = greedy (argmax). Default 1. */
  readonly temperature?: number;
  /** Keep only the k most likely tokens (0 or absent = all). */
  readonly topK?: number;
  /** Keep the smallest set of most likely tokens whose probability reaches p, in (0, 1] (1 = all). */
  readonly topP?: number;
}

/** What `archc sample` and the sample after training use unless told otherwise. */
export const SAMPLE_DEFAULTS = { temperature: 0.8, topK: 40, topP: 1 } as const;

/** A RuntimeUserError for an out-of-range option (the CLI's flags and the library share it). */
export function checkSamplerOptions(o: SamplerOptions): void {
  const t = o.temperature ?? 1;
  if (!(Number.isFinite(t) && t >= 0))
    throw new RuntimeUserError(`temperature must be a number ≥ 0, got ${t}`);
  const k = o.topK ?? 0;
  if (!(Number.isInteger(k) && k >= 0))
    throw new RuntimeUserError(`top-k must be an integer ≥ 0 (0 = all tokens), got ${k}`);
  const p = o.topP ?? 1;
  if (!(p > 0 && p <= 1)) throw new RuntimeUserError(`top-p must be in (0, 1], got ${p}`);
}

/** The index of the largest logit (the lowest index among equals). */
export function argMax(logits: ArrayLike<number>): number {
  let best = 0;
  for (let i = 1; i < logits.length; i++) if (logits[i]! > logits[best]!) best = i;
  return best;
}

/**
 * The tokens that may be drawn and their unnormalised weights: the top k by logit, then the
 * shortest prefix whose softmax(logits / temperature) mass reaches topP (always at least one).
 */
export function candidates(
  logits: ArrayLike<number>,
  o: SamplerOptions,
): { readonly ids: number[]; readonly weights: number[] } {
  const temperature = o.temperature ?? 1;
  const order = Array.from({ length: logits.length }, (_, i) => i).sort(
    (a, b) => logits[b]! - logits[a]! || a - b,
  );
  const k = o.topK ?? 0;
  const kept = k > 0 ? order.slice(0, k) : order;
  const max = logits[kept[0]!]!;
  const weights = kept.map((i) => Math.exp((logits[i]! - max) / temperature));
  const p = o.topP ?? 1;
  if (p >= 1) return { ids: kept, weights };
  const total = weights.reduce((a, b) => a + b, 0);
  let mass = 0;
  let n = 0;
  while (n < kept.length && mass < p * total) mass += weights[n++]!;
  return { ids: kept.slice(0, Math.max(1, n)), weights: weights.slice(0, Math.max(1, n)) };
}

/** Draws the next token id from `logits` [vocab]. */
export function pickToken(logits: ArrayLike<number>, o: SamplerOptions, rng: Rng): number {
  if ((o.temperature ?? 1) <= 0) return argMax(logits);
  const { ids, weights } = candidates(logits, o);
  let r = rng.uniform() * weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < ids.length; j++) {
    r -= weights[j]!;
    if (r < 0) return ids[j]!;
  }
  return ids[ids.length - 1]!;
}
