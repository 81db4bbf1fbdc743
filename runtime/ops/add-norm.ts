// The residual add fused into the norm that reads it (compiler pass fuseAddNorm, IR kind addNorm):
// [a + b, norm(a + b)] with the norm over the last axis. On the native backend with fused kernels
// on, one C++ kernel each way (kernels/native/fused-add-norm.ts); elsewhere exactly the composed
// `add` then layerNorm / rmsNorm (runtime/ops/norms.ts), so wasm and cpu training are unchanged;
// also where b broadcasts (learned positions are [T, d] at run time, [B, T, d] in the IR).
import * as tf from "../tf.ts";
import { LAYER_NORM_EPS, RMS_NORM_EPS } from "../../spec/norms.ts";
import { nativeAddNorm } from "../kernels/native/fused-add-norm.ts";
import { checkVec, layerNorm, rmsNorm } from "./norms.ts";
import { add } from "./program.ts";

/** Equal shapes: the fused kernels' case; other shapes broadcast through the composed ops. */
const sameShape = (a: tf.Tensor, b: tf.Tensor): boolean =>
  a.rank === b.rank && a.shape.every((n, i) => n === b.shape[i]);

/** [a + b, LayerNorm(a + b)·scale (+ bias)] for a [..., d] and b of its shape (or broadcast to it). */
export function addLayerNorm<T extends tf.Tensor>(
  a: T,
  b: tf.Tensor,
  scale: tf.Tensor,
  bias: tf.Tensor | null | undefined,
  eps: number = LAYER_NORM_EPS,
): [T, T] {
  checkVec("addLayerNorm", a, scale, "scale");
  checkVec("addLayerNorm", a, bias, "bias");
  const native = sameShape(a, b) ? nativeAddNorm(a, b, scale, bias, eps, true) : null;
  if (native !== null) return native as [T, T];
  const sum = add(a, b);
  return [sum, layerNorm(sum, scale, bias, eps)];
}

/** [a + b, RMSNorm(a + b)·scale] for a [..., d] and b of its shape (or broadcast to it). */
export function addRmsNorm<T extends tf.Tensor>(
  a: T,
  b: tf.Tensor,
  scale: tf.Tensor,
  eps: number = RMS_NORM_EPS,
): [T, T] {
  checkVec("addRmsNorm", a, scale, "scale");
  const native = sameShape(a, b) ? nativeAddNorm(a, b, scale, null, eps, false) : null;
  if (native !== null) return native as [T, T];
  const sum = add(a, b);
  return [sum, rmsNorm(sum, scale, eps)];
}
