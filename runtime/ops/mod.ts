// Mixture-of-depths as in p-MoD (constructs.md §8.1), with static shapes: a zero-initialised router
// r = x·w + b scores every token, TanhNorm ŵ = 0.2·tanh(r) + 1, the top k = ⌊ρ·T⌋ tokens (in their
// original order) run the layer as a shorter sequence [B, k, d], and every skipped token becomes
// ŵ·x (STRing, so the router learns from skipped tokens too). Gather and scatter are one-hot
// matmuls (wasm has no gather gradient); the selection itself carries no gradient.
import * as tf from "@tensorflow/tfjs";
import { keptTokens, TANH_NORM } from "../../spec/pmod.ts";
import { check } from "../errors.ts";
import { detached } from "./grad.ts";

/**
 * The layer on the kept tokens: xk [B, k, d] in their original order, and their weights ŵ [B, k]
 * (for the layer's FFN branch) → [B, k, d].
 */
export type ModLayerFn = (xk: tf.Tensor3D, weights: tf.Tensor2D) => tf.Tensor3D;

/** Router weights ŵ [B, T] = a·tanh(x·kernel + bias) + c, and the raw scores r [B, T]. */
export function modRouter(
  x: tf.Tensor3D,
  kernel: tf.Tensor,
  bias: tf.Tensor,
): { readonly scores: tf.Tensor2D; readonly weights: tf.Tensor2D } {
  const [B, T, d] = x.shape;
  check(
    kernel.size === d && bias.size === 1,
    () => `modRouter: kernel [${kernel.shape.join(", ")}] and bias [${bias.shape.join(", ")}] for width ${d}`,
  );
  // [B·T, d] · [d, 1] → [B, T]
  const r = x.reshape([B * T, d]).matMul(kernel.reshape([d, 1])).add(bias.reshape([]));
  const scores = r.reshape([B, T]) as tf.Tensor2D;
  const weights = tf.tanh(scores).mul(TANH_NORM.a).add(TANH_NORM.c) as tf.Tensor2D;
  return { scores, weights };
}

/**
 * The one-hot selection [B, k, T] of the k highest scores per sequence, rows in ascending position
 * (so a causal mask over the kept sequence follows the original order). Carries no gradient.
 */
export function modSelect(scores: tf.Tensor2D, k: number): tf.Tensor3D {
  const [, T] = scores.shape;
  // TopK has no gradient in tfjs: the whole choice is made off the tape
  return detached(scores, (s) => {
    const top = tf.topk(s, k).indices; // [B, k], by score
    const kept = tf.oneHot(top, T).sum(1); // [B, T] 0/1
    // kept positions in ascending order: the top k of kept·(T − t)
    const order = kept.mul(tf.sub(T, tf.range(0, T))).toInt();
    const sorted = tf.topk(order, k).indices; // [B, k], ascending t
    return tf.oneHot(sorted, T).toFloat();
  }) as tf.Tensor3D;
}

/**
 * One p-MoD layer at keep ratio ρ: y_t = layer(x_kept)_t for the k = ⌊ρ·T⌋ kept tokens, ŵ_t·x_t
 * for the others. With ρ = 1 every token is kept and `layer` sees x itself (in order) and ŵ.
 */
export function modLayer(
  x: tf.Tensor3D,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  ratio: number,
  layer: ModLayerFn,
): tf.Tensor3D {
  check(ratio > 0 && ratio <= 1, () => `modLayer: the keep ratio must be in (0, 1], got ${ratio}`);
  const [B, T, d] = x.shape;
  const k = keptTokens(ratio, T);
  const { scores, weights } = modRouter(x, kernel, bias);
  const sel = modSelect(scores, k); // [B, k, T]
  // gather: [B, k, T] · [B, T, d] → [B, k, d]; ŵ of the kept tokens: [B, k, T] · [B, T, 1] → [B, k]
  const xk = tf.matMul(sel, x) as tf.Tensor3D;
  const wk = tf.matMul(sel, weights.reshape([B, T, 1])).reshape([B, k]) as tf.Tensor2D;
  const yk = layer(xk, wk);
  check(
    yk.shape.join() === [B, k, d].join(),
    () => `modLayer: the layer returns [${yk.shape.join(", ")}] for [${B}, ${k}, ${d}]`,
  );
  // scatter: [B, T, k] · [B, k, d] → [B, T, d]; skipped tokens: (1 − kept)·ŵ·x
  const back = tf.matMul(sel, yk, true, false) as tf.Tensor3D;
  const skipped = tf.sub(1, sel.sum(1)).mul(weights).reshape([B, T, 1]); // [B, T, 1]
  return back.add(x.mul(skipped)) as tf.Tensor3D;
}
