// Dropout and DenseFormer's depth-weighted average.
import * as tf from "../tf.ts";
import { check, sameShape } from "../errors.ts";

/** Inverted dropout with rate p and a deterministic seed; identity when not training or p = 0. */
export function dropout<T extends tf.Tensor>(x: T, p: number, seed: number, training: boolean): T {
  if (!training || p <= 0) return x;
  check(p < 1, () => `dropout: rate must be below 1, got ${p}`);
  return tf.dropout(x, p, undefined, seed) as T;
}

/**
 * DenseFormer DWA: Σⱼ weights[j]·outputs[j] over equally shaped block outputs (embedding first).
 * With weights one-hot on the last entry it returns the last output exactly.
 */
export function dwaCombine(outputs: readonly tf.Tensor[], weights: tf.Tensor): tf.Tensor {
  const n = outputs.length;
  check(
    n > 0 && weights.rank === 1 && weights.shape[0] === n,
    () => `dwaCombine: ${n} outputs but weights of shape [${weights.shape.join(", ")}]`,
  );
  const shape = outputs[0]!.shape;
  check(
    outputs.every((o) => sameShape(o.shape, shape)),
    () => `dwaCombine: every output must have shape [${shape.join(", ")}]`,
  );
  return tf.tidy(() => {
    // [n, ...] → [n, M]; [1, n] · [n, M] → [1, M] → [...]
    const stacked = tf.stack(outputs as tf.Tensor[]).reshape([n, -1]) as tf.Tensor2D;
    return tf.matMul(weights.reshape([1, n]) as tf.Tensor2D, stacked).reshape(shape);
  });
}
