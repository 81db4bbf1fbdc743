// BAM's soft mixture-of-attention (constructs.md §7.5): the router's softmax over the attention
// experts weighs each expert's heads, y = Σ_i softmax(x·W_r)_i · Attn_i(x). The experts' attention
// outputs arrive as one tensor of E·H heads (laid out as spec/moa.ts MOA_LAYOUTS says); the shared
// output projection that follows sums the weighted experts.
import * as tf from "../tf.ts";
import type { MoaLayout } from "../../spec/moa.ts";
import { check, fmtShape } from "../errors.ts";
import { linear } from "./linear.ts";

export interface MoaMixOptions {
  readonly experts: number;
  /** Heads per expert (H): the width of `a` is experts·heads·dh. */
  readonly heads: number;
  readonly layout: MoaLayout;
}

/** The router's mixture weights softmax(x·W_r): x [B, T, d], router [d, E] → [B, T, E], rows sum to 1. */
export function moaWeights(x: tf.Tensor, router: tf.Tensor): tf.Tensor {
  return tf.tidy(() => tf.softmax(linear(x, router)));
}

/**
 * x [B, T, d] (the router's input), a [B, T, E·H·dh] (every expert's attention heads) →
 * [B, T, E·H·dh] with expert i's heads scaled by softmax(x·W_r)_i. Per token, so it decodes with
 * the KV cache unchanged.
 */
export function moaMix(
  x: tf.Tensor,
  a: tf.Tensor,
  router: tf.Tensor,
  opts: MoaMixOptions,
): tf.Tensor3D {
  const { experts: E, heads: H, layout } = opts;
  check(
    a.rank === 3 && x.rank === 3 && a.shape[2]! % (E * H) === 0,
    () =>
      `moaMix: a ${fmtShape(a.shape)} must be [batch, time, ${E}·${H}·dh] beside x ${fmtShape(x.shape)}`,
  );
  check(
    router.rank === 2 && router.shape[1] === E,
    () => `moaMix: router ${fmtShape(router.shape)} must be [d, ${E}]`,
  );
  const [B, T, W] = a.shape as [number, number, number];
  const dh = W / (E * H);
  return tf.tidy(() => {
    const p = moaWeights(x, router); // [B, T, E]
    const weighted =
      layout === "expert"
        ? tf.mul(a.reshape([B, T, E, H * dh]), p.reshape([B, T, E, 1])) // [B, T, E, H·dh]
        : tf.mul(a.reshape([B, T, H, E, dh]), p.reshape([B, T, 1, E, 1])); // [B, T, H, E, dh]
    return weighted.reshape([B, T, W]) as tf.Tensor3D; // [B, T, E·H·dh]
  });
}
