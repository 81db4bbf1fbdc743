// Mixture-of-depths as in p-MoD (constructs.md §8.1), with static shapes: a zero-initialised router
// r = x·w + b scores every token, TanhNorm ŵ = 0.2·tanh(r) + 1, the top k = ⌊ρ·T⌋ tokens (in their
// original order) run the layer as a shorter sequence [B, k, d], its FFN branch weighted by ŵ, and
// every skipped token becomes ŵ·x (STRing, so the router learns from skipped tokens too). Gather and
// scatter are one-hot matmuls (wasm has no gather gradient); the selection carries no gradient.
// The compiled model calls modRouter, modGather, modWeigh and modScatter (one IR node each);
// modLayer composes them for a layer given as a function.
import * as tf from "../tf.ts";
import { keptTokens, TANH_NORM } from "../../spec/pmod.ts";
import { check } from "../errors.ts";
import { detached } from "./grad.ts";

/** The layer on the kept tokens, given a function that weights its FFN branch by ŵ. */
export type ModLayerFn = (xk: tf.Tensor3D, weigh: (f: tf.Tensor3D) => tf.Tensor3D) => tf.Tensor3D;

/** Router scores r [B, T, 1] = x·kernel + bias. */
export function modRouter(x: tf.Tensor3D, kernel: tf.Tensor, bias: tf.Tensor): tf.Tensor3D {
  const [B, T, d] = x.shape;
  check(
    kernel.size === d && bias.size === 1,
    () =>
      `modRouter: kernel [${kernel.shape.join(", ")}] and bias [${bias.shape.join(", ")}] for width ${d}`,
  );
  // [B·T, d] · [d, 1] → [B, T, 1]
  return x
    .reshape([B * T, d])
    .matMul(kernel.reshape([d, 1]))
    .add(bias.reshape([]))
    .reshape([B, T, 1]);
}

/** TanhNorm ŵ = a·tanh(r) + c, same shape as r. */
export function tanhNorm(r: tf.Tensor): tf.Tensor {
  return tf.tanh(r).mul(TANH_NORM.a).add(TANH_NORM.c);
}

/**
 * The one-hot selection [B, k, T] of the k highest scores per sequence (scores [B, T]), rows in
 * ascending position (so a causal mask over the kept sequence follows the original order).
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

/** The selection for router scores r [B, T, 1] at keep ratio ρ: [B, k, T]. */
function selection(r: tf.Tensor3D, ratio: number): tf.Tensor3D {
  check(ratio > 0 && ratio <= 1, () => `p-MoD: the keep ratio must be in (0, 1], got ${ratio}`);
  const [B, T] = r.shape;
  return modSelect(r.reshape([B, T]) as tf.Tensor2D, keptTokens(ratio, T));
}

/** The kept tokens in order: [B, k, T] · [B, T, d] → [B, k, d]. */
export function modGather(x: tf.Tensor3D, r: tf.Tensor3D, ratio: number): tf.Tensor3D {
  return tf.matMul(selection(r, ratio), x);
}

/** ŵ ⊙ F for the kept tokens' FFN branch F [B, k, d]: ŵ_kept = [B, k, T] · [B, T, 1]. */
export function modWeigh(f: tf.Tensor3D, r: tf.Tensor3D, ratio: number): tf.Tensor3D {
  const wk = tf.matMul(selection(r, ratio), tanhNorm(r) as tf.Tensor3D); // [B, k, 1]
  return f.mul(wk);
}

/** y_kept [B, k, d] back to [B, T, d]; each skipped token becomes ŵ·x (STRing). */
export function modScatter(
  yk: tf.Tensor3D,
  x: tf.Tensor3D,
  r: tf.Tensor3D,
  ratio: number,
): tf.Tensor3D {
  const sel = selection(r, ratio);
  const [B, k, T] = sel.shape;
  check(
    yk.shape.join() === [B, k, x.shape[2]].join(),
    () => `modScatter: the layer returns [${yk.shape.join(", ")}] for [${B}, ${k}, ${x.shape[2]}]`,
  );
  // [B, T, k] · [B, k, d] → [B, T, d]; skipped tokens: (1 − kept)·ŵ·x
  const back = tf.matMul(sel, yk, true, false);
  const skipped = tf.sub(1, sel.sum(1)).reshape([B, T, 1]).mul(tanhNorm(r)); // [B, T, 1]
  return back.add(x.mul(skipped));
}

/** One p-MoD layer at keep ratio ρ, composed of the four ops above. */
export function modLayer(
  x: tf.Tensor3D,
  kernel: tf.Tensor,
  bias: tf.Tensor,
  ratio: number,
  layer: ModLayerFn,
): tf.Tensor3D {
  const r = modRouter(x, kernel, bias);
  const yk = layer(modGather(x, r, ratio), (f) => modWeigh(f, r, ratio));
  return modScatter(yk, x, r, ratio);
}
