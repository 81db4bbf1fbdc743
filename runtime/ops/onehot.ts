// Float one-hot encoding that works on every backend and accepts depth 1 (tf.oneHot needs ≥ 2).
// wasm's OneHot kernel ignores dtype and writes int32 bits into a float32 buffer, so only the cpu
// backend (where a cast would keep an int array underneath and slow later kernels) asks for float32.
import * as tf from "../tf.ts";

/** indices [...] int32 → [..., depth] float32 with 1 at each index (0 for out-of-range indices). */
export function oneHotF(indices: tf.Tensor, depth: number): tf.Tensor {
  return tf.tidy(() => {
    const idx = indices.dtype === "int32" ? indices : indices.toInt();
    if (depth >= 2) {
      return tf.getBackend() === "cpu"
        ? tf.oneHot(idx, depth, 1, 0, "float32")
        : tf.oneHot(idx, depth).toFloat();
    }
    return tf.equal(idx, 0).toFloat().expandDims(-1); // depth 1: 1 where the index is 0
  });
}
