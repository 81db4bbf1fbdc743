// BatchMatMul and _FusedMatMul for the cpu backend on top of the blocked gemm. Batch dimensions
// broadcast numpy-style and correctly in general (stock tfjs 4.22.0 pairs batches by `bi % batch`,
// which is wrong for e.g. [2,1] against [1,3]); each output batch reads its A and B batch through
// broadcast strides, and transposes are absorbed into gemm's packing strides (no Transpose kernel).
// _FusedMatMul adds the bias and applies the activation in place on the product; prelu, non-float32
// inputs and bias shapes other than scalar / last-axis / full fall back to the stock kernel.
import { gemm } from "./gemm.ts";
import {
  broadcastShapes,
  f32,
  sizeOf,
  stridesOf,
  type CpuBackend,
  type KernelArgs,
  type KernelFn,
  type TensorInfo,
} from "./util.ts";

/**
 * An optional outside matrix product (see wasm-matmul.ts), tried first for products whose batch
 * dims are equal or one-sided; it returns the row-major product values or null to decline.
 */
export type MatmulDelegate = (
  a: TensorInfo,
  av: Float32Array,
  b: TensorInfo,
  bv: Float32Array,
  transposeA: boolean,
  transposeB: boolean,
) => Float32Array | null;

let delegate: MatmulDelegate | null = null;

/**
 * A whole batched product done elsewhere (the native backend's BLAS): C[b] = op(A)·op(B) at the
 * element offsets offsets[3b..3b+2] of A, B and C; returns false to decline (the JS gemm runs).
 */
export type BatchGemm = (
  M: number,
  N: number,
  K: number,
  transposeA: boolean,
  transposeB: boolean,
  a: Float32Array,
  b: Float32Array,
  c: Float32Array,
  offsets: Int32Array,
) => boolean;

export function setMatmulDelegate(d: MatmulDelegate | null): void {
  delegate = d;
}

/** The product as a Float32Array with its out shape, or null to fall back. */
function product(
  backend: CpuBackend,
  a: TensorInfo,
  b: TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  batchGemm?: BatchGemm,
  alloc?: (n: number) => Float32Array,
): { values: Float32Array; shape: number[] } | null {
  const av = f32(backend, a);
  const bv = f32(backend, b);
  if (av === null || bv === null || a.shape.length < 2 || b.shape.length < 2) return null;
  const ar = a.shape.length;
  const br = b.shape.length;
  const aRows = a.shape[ar - 2]!,
    aCols = a.shape[ar - 1]!;
  const bRows = b.shape[br - 2]!,
    bCols = b.shape[br - 1]!;
  const M = transposeA ? aCols : aRows;
  const K = transposeA ? aRows : aCols;
  const Kb = transposeB ? bCols : bRows;
  const N = transposeB ? bRows : bCols;
  if (K !== Kb) return null; // let the stock kernel raise its error
  const aBatch = a.shape.slice(0, -2);
  const bBatch = b.shape.slice(0, -2);
  const outBatch = broadcastShapes(aBatch, bBatch);
  if (outBatch === null) return null;
  const nb = sizeOf(outBatch);
  const simpleBatch =
    sizeOf(aBatch) === sizeOf(bBatch) || sizeOf(aBatch) === 1 || sizeOf(bBatch) === 1;
  if (
    batchGemm === undefined &&
    delegate !== null &&
    simpleBatch &&
    a.shape.length === b.shape.length
  ) {
    const v = delegate(a, av, b, bv, transposeA, transposeB);
    if (v !== null) return { values: v, shape: [...outBatch, M, N] };
  }
  // alloc: a buffer of stale contents (the native pool); the BLAS overwrites it, the JS gemm adds.
  const out = alloc === undefined ? new Float32Array(nb * M * N) : alloc(nb * M * N);
  // Element strides of A (i,k) and B (k,j) inside one matrix.
  const ars = transposeA ? 1 : aCols,
    aks = transposeA ? aCols : 1;
  const bks = transposeB ? 1 : bCols,
    bjs = transposeB ? bCols : 1;
  const aMat = aRows * aCols,
    bMat = bRows * bCols;
  // Batch offsets through broadcast strides: a size-1 (or missing) dim contributes stride 0.
  const r = outBatch.length;
  const aSt = stridesOf(aBatch),
    bSt = stridesOf(bBatch),
    oSt = stridesOf(outBatch);
  const sameBatch = aBatch.length === bBatch.length && aBatch.every((d, i) => d === bBatch[i]);
  const offsets = new Int32Array(3 * nb);
  for (let bi = 0; bi < nb; bi++) {
    let ia = 0,
      ib = 0;
    if (sameBatch) {
      ia = bi;
      ib = bi;
    } else {
      let rem = bi;
      for (let d = 0; d < r; d++) {
        const idx = Math.floor(rem / oSt[d]!);
        rem -= idx * oSt[d]!;
        const da = d - (r - aBatch.length),
          db = d - (r - bBatch.length);
        if (da >= 0 && aBatch[da] !== 1) ia += idx * aSt[da]!;
        if (db >= 0 && bBatch[db] !== 1) ib += idx * bSt[db]!;
      }
    }
    offsets[3 * bi] = ia * aMat;
    offsets[3 * bi + 1] = ib * bMat;
    offsets[3 * bi + 2] = bi * M * N;
  }
  if (batchGemm?.(M, N, K, transposeA, transposeB, av, bv, out, offsets) !== true) {
    if (alloc !== undefined) out.fill(0);
    for (let bi = 0; bi < nb; bi++) {
      const [oa, ob, oc] = [offsets[3 * bi]!, offsets[3 * bi + 1]!, offsets[3 * bi + 2]!];
      gemm(M, N, K, av, oa, ars, aks, bv, ob, bks, bjs, out, oc);
    }
  }
  return { values: out, shape: [...outBatch, M, N] };
}

export function makeBatchMatMul(
  stock: KernelFn,
  batchGemm?: BatchGemm,
  alloc?: (n: number) => Float32Array,
): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { a, b } = args.inputs;
    const attrs = args.attrs ?? {};
    const p =
      a && b
        ? product(
            backend,
            a,
            b,
            attrs["transposeA"] === true,
            attrs["transposeB"] === true,
            batchGemm,
            alloc,
          )
        : null;
    if (p === null) return stock(args);
    return backend.makeTensorInfo(p.shape, "float32", p.values);
  };
}

/** In-place activations matching tfjs's fused_utils (prelu is not handled here). */
function activate(v: Float32Array, activation: string, alpha: number): boolean {
  const n = v.length;
  switch (activation) {
    case "linear":
      return true;
    case "relu":
      for (let i = 0; i < n; i++) if (v[i]! < 0) v[i] = 0;
      return true;
    case "relu6":
      for (let i = 0; i < n; i++) v[i] = Math.min(Math.max(v[i]!, 0), 6);
      return true;
    case "elu":
      for (let i = 0; i < n; i++) if (v[i]! < 0) v[i] = Math.exp(v[i]!) - 1;
      return true;
    case "sigmoid":
      for (let i = 0; i < n; i++) v[i] = 1 / (1 + Math.exp(-v[i]!));
      return true;
    case "leakyrelu":
      for (let i = 0; i < n; i++) if (v[i]! < 0) v[i] = alpha * v[i]!;
      return true;
    default:
      return false;
  }
}

export function makeFusedMatMul(
  stock: KernelFn,
  batchGemm?: BatchGemm,
  alloc?: (n: number) => Float32Array,
): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { a, b, bias, preluActivationWeights } = args.inputs;
    const attrs = args.attrs ?? {};
    const activation = (attrs["activation"] as string | undefined) ?? "linear";
    if (!a || !b || preluActivationWeights || activation === "prelu") return stock(args);
    let biasV: Float32Array | null = null;
    if (bias) {
      biasV = f32(backend, bias);
      if (biasV === null) return stock(args);
    }
    const tA = attrs["transposeA"] === true;
    const p = product(backend, a, b, tA, attrs["transposeB"] === true, batchGemm, alloc);
    if (p === null) return stock(args);
    const v = p.values;
    if (biasV !== null && bias) {
      const N = p.shape[p.shape.length - 1]!;
      const bs = bias.shape;
      const lastAxis = biasV.length === N && (bs.length <= 1 || sizeOf(bs.slice(0, -1)) === 1);
      if (biasV.length === 1) {
        const s = biasV[0]!;
        for (let i = 0; i < v.length; i++) v[i] = v[i]! + s;
      } else if (lastAxis) {
        for (let o = 0; o < v.length; o += N)
          for (let j = 0; j < N; j++) v[o + j] = v[o + j]! + biasV[j]!;
      } else if (biasV.length === v.length && bs.length === p.shape.length) {
        for (let i = 0; i < v.length; i++) v[i] = v[i]! + biasV[i]!;
      } else return stock(args);
    }
    if (!activate(v, activation, (attrs["leakyreluAlpha"] as number | undefined) ?? 0.2))
      return stock(args);
    return backend.makeTensorInfo(p.shape, "float32", v);
  };
}
