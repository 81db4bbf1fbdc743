// The sizes the grouped attention cores (attention.ts, attention-fused.ts, attention-biased.ts)
// read from their inputs: queries qh [B·G, r·T, dh] grouped by K/V head, keys kh [B·G, S, dh]; and
// the merge of their output's heads into [B, T, H·dh]; the factor on the scores.
import { attentionScale } from "../../spec/attention.ts";
import type * as tf from "../tf.ts";

/** r = H/G query heads per K/V head, T queries, S keys, dh the head size. */
export function groupedSizes(
  qh: tf.Tensor3D,
  kh: tf.Tensor3D,
  H: number,
  G: number,
): { readonly r: number; readonly T: number; readonly S: number; readonly dh: number } {
  const r = H / G;
  return { r, T: qh.shape[1] / r, S: kh.shape[1], dh: qh.shape[2] };
}

/** The factor on q·kᵀ: 1/√dh, or 1 when the query projection already carries it (prescaled). */
export function queryScale(dh: number, prescaled: boolean | undefined): number {
  return prescaled === true ? 1 : attentionScale(dh);
}

/** A core's output [B·G, r·T, dh] = [B, H, T, dh] (head h = g·r + j) → [B, T, H·dh]. */
export function mergeHeads(
  out: tf.Tensor,
  B: number,
  H: number,
  T: number,
  dh: number,
): tf.Tensor3D {
  // [B·G, r·T, dh] → [B, H, T, dh] → [B, T, H, dh] → [B, T, H·dh]
  return out
    .reshape([B, H, T, dh])
    .transpose([0, 2, 1, 3])
    .reshape([B, T, H * dh]) as tf.Tensor3D;
}
