// MSG norms with masked statistics for a growth stage (constructs.md §9.1): the mask m [d] is the
// product of the ramps' masks [1]·old ++ [c]·(d − old), c = clamp((step − start) / steps, 0, 1).
// Once every ramp is finished (m all ones) they are the ordinary norms.
import * as tf from "../tf.ts";
import { layerNorm, maskedLayerNorm, rmsNorm } from "./norms.ts";

/** One ramp: `[old, start, steps]`. */
export type Ramp = readonly [number, number, number];

/** c of one ramp at `step` (steps 0: 1 from `start` on). */
export function rampValue(start: number, steps: number, step: number): number {
  return steps <= 0 ? (step >= start ? 1 : 0) : Math.min(1, Math.max(0, (step - start) / steps));
}

/** The mask [d] of `ramps` at `step`, or null when it is all ones. Caller disposes. */
export function rampMask(d: number, ramps: readonly Ramp[], step: number): tf.Tensor1D | null {
  const live = ramps.filter(([, start, steps]) => rampValue(start, steps, step) < 1);
  if (live.length === 0) return null;
  const m = new Float32Array(d).fill(1);
  for (const [old, start, steps] of live) {
    const c = rampValue(start, steps, step);
    for (let i = old; i < d; i++) m[i]! *= c;
  }
  return tf.tensor1d(m);
}

/** LayerNorm with MSG masked statistics and a masked output. */
export function grownLayerNorm<T extends tf.Tensor>(
  x: T,
  scale: tf.Tensor,
  bias: tf.Tensor | null,
  eps: number,
  ramps: readonly Ramp[],
  step: number,
): T {
  const d = x.shape[x.rank - 1]!;
  return tf.tidy(() => {
    const m = rampMask(d, ramps, step);
    return m === null ? layerNorm(x, scale, bias, eps) : maskedLayerNorm(x, scale, bias, m, eps);
  });
}

/** RMSNorm with MSG masked statistics: x / √(Σ mᵢxᵢ² / Σ mᵢ + eps) · scale, times m. */
export function grownRmsNorm<T extends tf.Tensor>(
  x: T,
  scale: tf.Tensor,
  eps: number,
  ramps: readonly Ramp[],
  step: number,
): T {
  const d = x.shape[x.rank - 1]!;
  return tf.tidy(() => {
    const m = rampMask(d, ramps, step);
    if (m === null) return rmsNorm(x, scale, eps);
    const axis = x.rank - 1;
    const ms = tf.div(tf.sum(tf.mul(tf.square(x), m), axis, true), tf.sum(m)); // [..., 1]
    return tf.mul(tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, eps))), scale), m) as T;
  });
}
