// The sizes the grouped attention cores (attention.ts, attention-fused.ts, attention-biased.ts)
// read from their inputs: queries qh [B·G, r·T, dh] grouped by K/V head, keys kh [B·G, S, dh].
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
