// Opt-in: route the fast cpu kernels' matrix products to the wasm backend's XNNPACK kernel (SIMD,
// from @tensorflow/tfjs-backend-wasm, which installs from the registry with its .wasm files). This
// is not plain JS; it exists because matmul is most of a small GPT's step and XNNPACK runs about an
// order of magnitude faster than the best scalar JS gemm. Each product copies A and B into the wasm
// heap and the result out (O(MK + KN + MN), small next to O(MNK)). Calls the wasm backend's kernel
// function directly, so it is tied to the pinned tfjs 4.22.0 like the other kernels.
import * as tf from "../tf.ts";
import { setMatmulDelegate, type MatmulDelegate } from "./matmul.ts";
import { transposeValues } from "./transpose.ts";

interface WasmBackendLike {
  write(values: Float32Array, shape: number[], dtype: "float32"): object;
  readSync(dataId: object): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
}

/** Only worth the copies above this many multiply-adds. */
const MIN_MACS = 32 * 32 * 32;

let active = false;

/**
 * Initialises the wasm backend (without leaving it active) and makes the fast cpu kernels'
 * BatchMatMul and _FusedMatMul use its kernel. Returns false, changing nothing, if wasm cannot start.
 */
export async function enableWasmMatmul(): Promise<boolean> {
  if (active) return true;
  let wb = tf.findBackend("wasm") as unknown as WasmBackendLike | null;
  if (wb === null) {
    const { selectBackend } = await import("../backend.ts");
    // tf.getBackend() is undefined before any backend started; then leave the plain cpu one active.
    const previous = (tf.getBackend() as string | undefined) ?? "cpu";
    try {
      await selectBackend("wasm");
    } catch {
      return false;
    } finally {
      await tf.setBackend(previous);
    }
    wb = tf.findBackend("wasm") as unknown as WasmBackendLike | null;
  }
  const kernel = tf.getKernel("BatchMatMul", "wasm");
  if (wb === null || kernel === undefined) return false;
  const backend = wb;
  const run = kernel.kernelFunc as unknown as (args: object) => tf.TensorInfo;
  /** One 2-D row-major product [M,K]·[K,N] on wasm (its only XNNPACK path: no batch, no transposes). */
  const product2d = (
    a: Float32Array,
    b: Float32Array,
    M: number,
    K: number,
    N: number,
  ): Float32Array => {
    const aId = backend.write(a, [M, K], "float32");
    const bId = backend.write(b, [K, N], "float32");
    try {
      const out = run({
        inputs: {
          a: { dataId: aId, shape: [M, K], dtype: "float32" },
          b: { dataId: bId, shape: [K, N], dtype: "float32" },
        },
        attrs: { transposeA: false, transposeB: false },
        backend,
      });
      const values = backend.readSync(out.dataId) as Float32Array;
      backend.disposeData(out.dataId, true);
      return values;
    } finally {
      backend.disposeData(aId, true);
      backend.disposeData(bId, true);
    }
  };
  const d: MatmulDelegate = (a, av, b, bv, transposeA, transposeB) => {
    const r = a.shape.length;
    const M = transposeA ? a.shape[r - 1]! : a.shape[r - 2]!;
    const K = transposeA ? a.shape[r - 2]! : a.shape[r - 1]!;
    const N = transposeB ? b.shape[r - 2]! : b.shape[r - 1]!;
    if (M * N * K < MIN_MACS) return null; // small matrices (attention heads): the JS gemm wins
    const aMat = M * K,
      bMat = K * N;
    const batchA = av.length / aMat,
      batchB = bv.length / bMat;
    const batch = Math.max(batchA, batchB);
    const out = new Float32Array(batch * M * N);
    // wasm's transposed and batched products do not use XNNPACK (they run 1-3 GFLOP/s, slower than
    // the JS gemm), so transpose operands here (O(MK), cheap) and issue one 2-D product per matrix.
    const operand = (
      v: Float32Array,
      i: number,
      rows: number,
      cols: number,
      t: boolean,
    ): Float32Array => {
      const m = v.subarray(i * rows * cols, (i + 1) * rows * cols);
      return t ? transposeValues(m, [cols, rows], [1, 0]) : m;
    };
    for (let i = 0; i < batch; i++) {
      const am = operand(av, batchA === 1 ? 0 : i, M, K, transposeA);
      const bm = operand(bv, batchB === 1 ? 0 : i, K, N, transposeB);
      out.set(product2d(am, bm, M, K, N), i * M * N);
    }
    return out;
  };
  setMatmulDelegate(d);
  active = true;
  return true;
}

export function disableWasmMatmul(): void {
  setMatmulDelegate(null);
  active = false;
}
