// Batched matrix products on the wasm backend at XNNPACK speed. tfjs-backend-wasm 4.22 sends only
// an untransposed product with batch 1 to XNNPACK; any other batched product runs a scalar loop at
// about 3 GFLOP/s (attention's q·kᵀ and p·v are exactly those). This kernel issues one batch-1 call
// per matrix on *views*: extra tensor ids registered at offsets inside the operands' and the
// output's wasm memory, so nothing is copied. On [64, 64, 32]·[64, 32, 64] about 20 GFLOP/s
// against 3.2 for tf.matMul (bench/matmul.ts). Reads backend internals (dataIdMap, the module's
// exports): tied to the pinned 4.22.0.
import * as tf from "@tensorflow/tfjs";
import { offsetOf, type WasmBackendInternals, type WasmModule } from "./wasm-heap.ts";

export const PER_MATRIX_KERNEL = "ArchcBatchMatMulPerMatrix";

/** Two rank-3 shapes [1, M, K] and [1, K, N] as int32 in wasm memory (allocated once, kept). */
let shapeScratch = 0;

/** a [B, M, K] · b [B, K, N] → [B, M, N], one XNNPACK product per matrix on memory views. */
function perMatrixKernel(args: { inputs: tf.NamedTensorInfoMap; backend: unknown }): tf.TensorInfo {
  const a = args.inputs["a"]!;
  const b = args.inputs["b"]!;
  const be = args.backend as WasmBackendInternals;
  const [B, M, K] = a.shape as [number, number, number];
  const N = b.shape[2]!;
  const out = be.makeOutput([B, M, N], "float32");
  const wasm = be.wasm;
  if (shapeScratch === 0) shapeScratch = wasm._malloc(24);
  const h = wasm.HEAP32; // read per call: memory growth replaces the view
  h.set([1, M, K, 1, K, N], shapeScratch >> 2);
  const aBase = offsetOf(be, a)!;
  const bBase = offsetOf(be, b)!;
  const oBase = offsetOf(be, out)!;
  for (let i = 0; i < B; i++) {
    const ia = be.dataIdNextNumber++;
    const ib = be.dataIdNextNumber++;
    const io = be.dataIdNextNumber++;
    wasm._register_tensor(ia, M * K, aBase + i * M * K * 4);
    wasm._register_tensor(ib, K * N, bBase + i * K * N * 4);
    wasm._register_tensor(io, M * N, oBase + i * M * N * 4);
    wasm._BatchMatMul(ia, shapeScratch, 3, ib, shapeScratch + 12, 3, 0, 0, io);
    // Unregister only (the memory belongs to a, b and out); this also drops the XNNPACK operator
    // cached for the view of b.
    wasm._dispose_data(ia);
    wasm._dispose_data(ib);
    wasm._dispose_data(io);
  }
  return out;
}

let registered = false;

/** Registers the kernel for the wasm backend (idempotent); false where wasm's internals differ. */
function ensureRegistered(): boolean {
  if (registered) return true;
  const be = tf.findBackend("wasm") as unknown as Partial<WasmBackendInternals> | null;
  const wasm = be?.wasm as Partial<WasmModule> | undefined;
  if (
    typeof wasm?._BatchMatMul !== "function" ||
    typeof wasm._register_tensor !== "function" ||
    typeof wasm._dispose_data !== "function" ||
    typeof be?.dataIdNextNumber !== "number"
  )
    return false;
  tf.registerKernel({
    kernelName: PER_MATRIX_KERNEL,
    backendName: "wasm",
    kernelFunc: perMatrixKernel as unknown as tf.KernelFunc,
  });
  registered = true;
  return true;
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
    !ensureRegistered()
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
