// The attention core with an additive score bias and persistent memory: ALiBi's linear biases and
// the N learned key/value slots of the all-attention layer (constructs.md §5.2), appended after the
// sequence's keys, never masked and without a position. Differentiated by autodiff.
import * as tf from "../tf.ts";
import { groupedSizes, mergeHeads } from "./attention-sizes.ts";
import { attentionBias } from "./positional.ts";

export interface BiasOptions {
  readonly causal: boolean;
  readonly alibi: boolean;
  /** ALiBi after heads growth: the earlier head counts (their heads keep their slopes). */
  readonly alibiFrom?: readonly number[] | undefined;
  /** keys and values [N, G·dh]. */
  readonly memory?: { readonly keys: tf.Tensor; readonly values: tf.Tensor } | undefined;
}

/**
 * qh [B·G, r·T, dh] (scaled, grouped by K/V head), kh and vh [B·G, S, dh] → [B, T, H·dh]:
 * softmax(qh·[kh ; M_K]ᵀ + bias)·[vh ; M_V] per head, bias = causal mask + ALiBi (0 on memory).
 */
export function biasedAttention(
  qh: tf.Tensor3D,
  kh: tf.Tensor3D,
  vh: tf.Tensor3D,
  B: number,
  H: number,
  G: number,
  opts: BiasOptions,
): tf.Tensor3D {
  const { r, T, S, dh } = groupedSizes(qh, kh, H, G);
  const N = opts.memory?.keys.shape[0] ?? 0;
  return tf.tidy(() => {
    let keys: tf.Tensor3D = kh;
    let values: tf.Tensor3D = vh;
    if (opts.memory !== undefined && N > 0) {
      // [N, G·dh] → [N, G, dh] → [G, N, dh] → [1, G, N, dh] → tiled [B, G, N, dh] → [B·G, N, dh]
      const slots = (m: tf.Tensor): tf.Tensor3D =>
        m
          .reshape([N, G, dh])
          .transpose([1, 0, 2])
          .reshape([1, G, N, dh])
          .tile([B, 1, 1, 1])
          .reshape([B * G, N, dh]);
      keys = tf.concat([kh, slots(opts.memory.keys)], 1); // [B·G, S + N, dh]
      values = tf.concat([vh, slots(opts.memory.values)], 1);
    }
    const W = S + N;
    const bias = attentionBias(H, T, S, N, opts.causal, opts.alibi, opts.alibiFrom); // [H or 1, T, W]
    // [B·G, r·T, W] = [B, H, T, W] (head h = g·r + j) + bias → back
    const scores = tf
      .add(tf.matMul(qh, keys, false, true).reshape([B, H, T, W]), bias)
      .reshape([B * G, r * T, W]);
    const out = tf.matMul(tf.softmax(scores, -1) as tf.Tensor3D, values); // [B·G, r·T, dh]
    return mergeHeads(out, B, H, T, dh);
  });
}
