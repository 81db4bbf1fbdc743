// Dense projection over the last axis. Its gradient uses explicit transposes: on wasm a matmul with
// transposeA/transposeB set is up to 20× slower than transposing first (measured, tfjs 4.22). On
// the native backend the BLAS reads transposed operands itself, so there the flags are set instead
// (one Transpose kernel fewer per gradient product: bench/results.md, native-training).
import * as tf from "../tf.ts";
import type { MatMulActivation } from "../../spec/activations.ts";
import { check, fmtShape } from "../errors.ts";
import { NATIVE_BACKEND } from "../kernels/native/register.ts";
import { sumLeading, withGradN } from "./grad.ts";

/**
 * a [n, k] · b [k, m] (+ bias [m]), then the activation: tf.fused.matMul. On native with a linear
 * activation the _FusedMatMul kernel runs on the 2-D operands directly: tf.fused.matMul reshapes
 * both to 3-D and the product back (three Reshape kernel calls and a customGrad scope per product;
 * the same kernel, the same data, so the same values). Other activations keep tf.fused.matMul,
 * which does not fuse them under a gradient tape.
 */
export function fusedMatMul2d(
  a: tf.Tensor2D,
  b: tf.Tensor2D,
  bias?: tf.Tensor,
  activation: MatMulActivation = "linear",
): tf.Tensor2D {
  if (tf.getBackend() !== NATIVE_BACKEND || activation !== "linear")
    return tf.fused.matMul({
      a,
      b,
      ...(bias === undefined ? {} : { bias }),
      activation,
    }) as tf.Tensor2D;
  const inputs = bias === undefined ? { a, b } : { a, b, bias };
  const attrs = { transposeA: false, transposeB: false, activation, leakyreluAlpha: 0.2 };
  return tf.engine().runKernel("_FusedMatMul", inputs, attrs) as tf.Tensor2D; // [n, m]
}

/** [da, db] = [dy·bᵀ, aᵀ·dy], the input gradients of y = a [n, k] · b [k, m]. */
export function matMulGrads(
  dy: tf.Tensor2D,
  a: tf.Tensor2D,
  b: tf.Tensor2D,
): [tf.Tensor2D, tf.Tensor2D] {
  if (tf.getBackend() === NATIVE_BACKEND)
    return [tf.matMul(dy, b, false, true), tf.matMul(a, dy, true, false)];
  return [
    tf.matMul(dy, tf.transpose(b)), // [n, m] · [m, k]
    tf.matMul(tf.transpose(a), dy), // [k, n] · [n, m]
  ];
}

/** a [n, k] · b [k, m] → [n, m], with gradients computed through matMulGrads. */
export function matMul2d(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
  return withGradN([a, b], ([x, w], save) => {
    save([x!, w!]);
    return {
      value: tf.matMul(x as tf.Tensor2D, w as tf.Tensor2D),
      gradFunc: (dy, [sx, sw]) =>
        matMulGrads(dy as tf.Tensor2D, sx as tf.Tensor2D, sw as tf.Tensor2D),
    };
  }) as tf.Tensor2D;
}

/** x [..., in] · kernel [in, out] (+ bias [out]) → [..., out]. One fused matmul on a 2-D view. */
export function linear<R extends tf.Rank>(
  x: tf.Tensor<R>,
  kernel: tf.Tensor,
  bias?: tf.Tensor | null,
): tf.Tensor<R> {
  const inDim = x.shape[x.rank - 1]!;
  check(
    kernel.rank === 2 && kernel.shape[0] === inDim,
    () => `linear: input ${fmtShape(x.shape)} does not match kernel ${fmtShape(kernel.shape)}`,
  );
  check(
    bias == null || (bias.rank === 1 && bias.shape[0] === kernel.shape[1]),
    () => `linear: bias ${fmtShape(bias!.shape)} does not match kernel ${fmtShape(kernel.shape)}`,
  );
  const outDim = kernel.shape[1]!;
  return tf.tidy(() => {
    const x2 = x.reshape([-1, inDim]) as tf.Tensor2D; // [N, in]
    const w = kernel as tf.Tensor2D;
    const y2 =
      bias == null
        ? matMul2d(x2, w)
        : withGradN([x2, w, bias], ([a, k, b], save) => {
            save([a!, k!]);
            return {
              value: fusedMatMul2d(a as tf.Tensor2D, k as tf.Tensor2D, b!),
              gradFunc: (dy, [sa, sk]) => [
                // [N, in], [in, out]
                ...matMulGrads(dy as tf.Tensor2D, sa as tf.Tensor2D, sk as tf.Tensor2D),
                sumLeading(dy), // [out]
              ],
            };
          }); // [N, out]
    return y2.reshape([...x.shape.slice(0, -1), outDim]) as tf.Tensor<R>; // [..., out]
  });
}

/** x · s for a compile-time constant s. */
export function scale<T extends tf.Tensor>(x: T, s: number): T {
  return s === 1 ? x : tf.mul(x, s);
}
