// Global-norm gradient clipping (as torch.nn.utils.clip_grad_norm_): g ← g·min(1, max/(‖g‖ + 1e-6)).
import * as tf from "../tf.ts";

/** √(Σ ‖g‖²) over every gradient, as a scalar tensor. */
export function globalNorm(grads: ReadonlyMap<string, tf.Tensor>): tf.Scalar {
  return tf.tidy(() => {
    let total: tf.Tensor = tf.scalar(0);
    for (const g of grads.values()) total = tf.add(total, tf.sum(tf.square(g)));
    return tf.sqrt(total) as tf.Scalar;
  });
}

/**
 * Clips by global norm. Returns new gradient tensors (the inputs are left to the caller to dispose)
 * and the norm before clipping (a scalar tensor the caller disposes). maxNorm ≤ 0 or ∞ disables clipping.
 */
export function clipByGlobalNorm(
  grads: ReadonlyMap<string, tf.Tensor>,
  maxNorm: number,
): { grads: Map<string, tf.Tensor>; norm: tf.Scalar } {
  const norm = globalNorm(grads);
  const out = new Map<string, tf.Tensor>();
  if (!(maxNorm > 0) || !Number.isFinite(maxNorm)) {
    for (const [k, g] of grads) out.set(k, tf.clone(g));
    return { grads: out, norm };
  }
  tf.tidy(() => {
    const factor = tf.minimum(tf.div(maxNorm, tf.add(norm, 1e-6)), 1);
    for (const [k, g] of grads) out.set(k, tf.keep(tf.mul(g, factor)));
  });
  return { grads: out, norm };
}
