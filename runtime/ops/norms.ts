// Normalisations over the last axis: LayerNorm, RMSNorm, and MSG's masked-statistics LayerNorm.
import * as tf from "@tensorflow/tfjs";
import { check, fmtShape } from "../errors.ts";

function checkVec(op: string, x: tf.Tensor, v: tf.Tensor | null | undefined, what: string): void {
  if (v == null) return;
  const d = x.shape[x.rank - 1]!;
  check(v.rank === 1 && v.shape[0] === d, () =>
    `${op}: ${what} ${fmtShape(v.shape)} does not match input ${fmtShape(x.shape)}`);
}

/** LayerNorm: (x − μ)/√(σ² + ε)·scale + bias, statistics over the last axis (biased variance). */
export function layerNorm<T extends tf.Tensor>(x: T, scale: tf.Tensor, bias: tf.Tensor | null | undefined, eps: number): T {
  checkVec("layerNorm", x, scale, "scale");
  checkVec("layerNorm", x, bias, "bias");
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const mu = tf.mean(x, axis, true); // [..., 1]
    const xc = tf.sub(x, mu); // [..., d]
    const variance = tf.mean(tf.square(xc), axis, true); // [..., 1]
    const y = tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, eps))), scale);
    return (bias == null ? y : tf.add(y, bias)) as T;
  });
}

/** RMSNorm: x/√(mean(x²) + ε)·scale (no centring, no bias). */
export function rmsNorm<T extends tf.Tensor>(x: T, scale: tf.Tensor, eps: number): T {
  checkVec("rmsNorm", x, scale, "scale");
  return tf.tidy(() => {
    const ms = tf.mean(tf.square(x), x.rank - 1, true); // [..., 1]
    return tf.mul(tf.mul(x, tf.rsqrt(tf.add(ms, eps))), scale) as T;
  });
}

/**
 * MSG masked LayerNorm (hidden-size growth): with a mask m [d] (1 on old coordinates, c on new),
 * μ = Σ mᵢxᵢ / Σ mᵢ, σ² = Σ mᵢ(xᵢ − μ)² / Σ mᵢ, and the output (LN·scale + bias) is multiplied by m.
 * With m all ones it equals layerNorm; at c = 0 the old coordinates equal the small model's LN
 * and the new coordinates are 0.
 */
export function maskedLayerNorm<T extends tf.Tensor>(
  x: T,
  scale: tf.Tensor,
  bias: tf.Tensor | null | undefined,
  mask: tf.Tensor,
  eps: number,
): T {
  checkVec("maskedLayerNorm", x, scale, "scale");
  checkVec("maskedLayerNorm", x, bias, "bias");
  checkVec("maskedLayerNorm", x, mask, "mask");
  return tf.tidy(() => {
    const axis = x.rank - 1;
    const msum = tf.sum(mask); // scalar
    const mu = tf.div(tf.sum(tf.mul(x, mask), axis, true), msum); // [..., 1]
    const xc = tf.sub(x, mu); // [..., d]
    const variance = tf.div(tf.sum(tf.mul(tf.square(xc), mask), axis, true), msum); // [..., 1]
    const y = tf.mul(tf.mul(xc, tf.rsqrt(tf.add(variance, eps))), scale);
    return tf.mul(bias == null ? y : tf.add(y, bias), mask) as T;
  });
}

/** The MSG growth mask [d]: `old` ones followed by `d − old` copies of c. */
export function growthMask(d: number, old: number, c: number): tf.Tensor1D {
  const m = new Float32Array(d);
  m.fill(1, 0, old);
  m.fill(c, old);
  return tf.tensor1d(m);
}
