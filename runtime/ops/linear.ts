// Dense projection over the last axis, and small tensor helpers generated code uses around it.
import * as tf from "@tensorflow/tfjs";
import { check, fmtShape } from "../errors.ts";

/** x [..., in] · kernel [in, out] (+ bias [out]) → [..., out]. One fused matmul on a 2-D view. */
export function linear<R extends tf.Rank>(x: tf.Tensor<R>, kernel: tf.Tensor, bias?: tf.Tensor | null): tf.Tensor<R> {
  const inDim = x.shape[x.rank - 1]!;
  check(kernel.rank === 2 && kernel.shape[0] === inDim, () =>
    `linear: input ${fmtShape(x.shape)} does not match kernel ${fmtShape(kernel.shape)}`);
  const outDim = kernel.shape[1]!;
  return tf.tidy(() => {
    const x2 = x.reshape([-1, inDim]) as tf.Tensor2D; // [N, in]
    const y2 =
      bias == null
        ? tf.matMul(x2, kernel as tf.Tensor2D)
        : tf.fused.matMul({ a: x2, b: kernel as tf.Tensor2D, bias }); // [N, out]
    return y2.reshape([...x.shape.slice(0, -1), outDim]) as tf.Tensor<R>; // [..., out]
  });
}

/** x · s for a compile-time constant s. */
export function scale<T extends tf.Tensor>(x: T, s: number): T {
  return s === 1 ? x : tf.mul(x, s);
}
