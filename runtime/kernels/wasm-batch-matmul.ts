// Batched matrix products on the wasm backend at XNNPACK speed. tfjs-backend-wasm 4.22 sends only
// an untransposed product with batch 1 to XNNPACK; any other batched product runs a scalar loop at
// about 3 GFLOP/s (attention's q·kᵀ and p·v are exactly those). This kernel issues one batch-1 call
// per matrix on *views*: extra tensor ids registered at offsets inside the operands' and the
// output's wasm memory, so nothing is copied. On [64, 64, 32]·[64, 32, 64] about 20 GFLOP/s
// against 3.2 for tf.matMul (bench/matmul.ts). Backend internals only through wasm-heap.ts; where
// the kernels are not installed (ARCHC_WASM_KERNELS=off, other internals) tf.matMul runs.
import * as tf from "../tf.ts";
import { scratchInts, withRegions, type WasmBackendInternals } from "./wasm-heap.ts";

export const PER_MATRIX_KERNEL = "ArchcBatchMatMulPerMatrix";

/**
 * a [B, M, K] · b [B, K, N] → [B, M, N], one XNNPACK product per matrix on regions of the operands
 * registered as tensor ids (wasm-heap.ts withRegions). Registered by wasm-install.ts.
 */
export function perMatrixKernel(args: {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
}): tf.TensorInfo {
  const a = args.inputs["a"]!;
  const b = args.inputs["b"]!;
  const be = args.backend as WasmBackendInternals;
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const out = be.makeOutput([B, M, N], "float32");
  const shapes = scratchInts(be, [1, M, K, 1, K, N]); // [1, M, K] and [1, K, N]
  for (let i = 0; i < B; i++) {
    const regions = [
      { tensor: a, start: i * M * K, length: M * K },
      { tensor: b, start: i * K * N, length: K * N },
      { tensor: out, start: i * M * N, length: M * N },
    ];
    // the product may allocate (XNNPACK packs b); offsets stay valid when the heap grows
    withRegions(be, regions, ([ia, ib, io]) =>
      be.wasm._BatchMatMul(ia!, shapes, 3, ib!, shapes + 12, 3, 0, 0, io!),
    );
  }
  return out;
}

/** Whether the per-matrix product is registered (wasm-install.ts did, after its checks). */
export function perMatrixRegistered(): boolean {
  return tf.getKernel(PER_MATRIX_KERNEL, "wasm") !== undefined;
}

/** [n, rows, cols] → [n, cols, rows]. */
function swapLast(t: tf.Tensor3D): tf.Tensor3D {
  return tf.transpose(t, [0, 2, 1]);
}

/**
 * op(a) · op(b) for rank-3 tensors of equal batch, op = transpose of the last two axes when asked.
 * On wasm: transposes made explicit (cheap, O(size)), then one XNNPACK product per matrix; on
 * other backends tf.matMul with the flags (their kernels handle transposed operands directly).
 * No gradient of its own: use it inside an op with a hand-written gradient
 * (runtime/ops/attention-fused.ts).
 */
export function batchMatMul(
  a: tf.Tensor3D,
  b: tf.Tensor3D,
  transposeA = false,
  transposeB = false,
): tf.Tensor3D {
  if (
    tf.getBackend() !== "wasm" ||
    a.dtype !== "float32" ||
    b.dtype !== "float32" ||
    !perMatrixRegistered()
  )
    return tf.matMul(a, b, transposeA, transposeB);
  return tf.tidy(() => {
    const a2 = transposeA ? swapLast(a) : a; // [B, M, K]
    const b2 = transposeB ? swapLast(b) : b; // [B, K, N]
    const [B, M, K] = a2.shape;
    if (b2.shape[0] !== B || b2.shape[1] !== K || M * K * b2.shape[2] === 0)
      return tf.matMul(a2, b2);
    return tf.engine().runKernel(PER_MATRIX_KERNEL, { a: a2, b: b2 }, {}) as tf.Tensor3D;
  });
}
