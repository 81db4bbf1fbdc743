// Transpose for numeric tensors on the cpu backend. Dims of size 1 are dropped and input dims that
// stay adjacent and in order under the permutation are merged, so the attention reshapes
// ([B,T,H,dh] → [B,H,T,dh]) become row copies of dh contiguous floats, and matrix transposes
// ([.., m, n] → [.., n, m]) run in 32×32 tiles that stay in L1; anything else walks the output in
// order with one strided input pointer per innermost loop.
import {
  rawValues,
  sizeOf,
  stridesOf,
  type CpuBackend,
  type KernelArgs,
  type KernelFn,
} from "./util.ts";
import type * as tf from "../tf.ts";

/** Collapsed input shape and permutation equivalent to (shape, perm). */
export function collapsePerm(
  shape: readonly number[],
  perm: readonly number[],
): { shape: number[]; perm: number[] } {
  const keep = perm.filter((p) => shape[p] !== 1); // output order of the non-trivial input dims
  const groups: number[][] = [];
  for (const p of keep) {
    const g = groups[groups.length - 1];
    if (g !== undefined && g[g.length - 1]! + 1 === p) g.push(p);
    else groups.push([p]);
  }
  // Number the groups by their order in the input.
  const byInput = [...groups].sort((x, y) => x[0]! - y[0]!);
  const newShape = byInput.map((g) => g.reduce((acc, p) => acc * shape[p]!, 1));
  const newPerm = groups.map((g) => byInput.indexOf(g));
  return { shape: newShape, perm: newPerm };
}

export function transposeValues<T extends tf.TypedArray>(
  x: T,
  shape0: readonly number[],
  perm0: readonly number[],
): T {
  const Ctor = x.constructor as new (n: number) => T;
  return transposeInto(x, new Ctor(x.length), shape0, perm0);
}

/** Writes x (shape0) permuted by perm0 into out (same length, not overlapping x); returns out. */
export function transposeInto<T extends tf.TypedArray>(
  x: T,
  out: T,
  shape0: readonly number[],
  perm0: readonly number[],
): T {
  const { shape, perm } = collapsePerm(shape0, perm0);
  const r = shape.length;
  if (r <= 1) {
    out.set(x);
    return out;
  }
  const inSt = stridesOf(shape);
  const outShape = perm.map((p) => shape[p]!);
  const last = r - 1;
  if (perm[last] === last) {
    // Inner dim stays contiguous: copy rows of n elements.
    const n = shape[last]!;
    const rows = x.length / n;
    const idx = new Array<number>(last).fill(0);
    let src = 0;
    for (let row = 0; row < rows; row++) {
      out.set(x.subarray(src, src + n), row * n);
      for (let d = last - 1; d >= 0; d--) {
        idx[d]!++;
        src += inSt[perm[d]!]!;
        if (idx[d]! < outShape[d]!) break;
        src -= inSt[perm[d]!]! * outShape[d]!;
        idx[d] = 0;
      }
    }
    return out;
  }
  if (
    perm[last] === last - 1 &&
    perm[last - 1] === last &&
    perm.slice(0, -2).every((p, d) => p === d)
  ) {
    // Batched matrix transpose [.., m, n] → [.., n, m], tiled.
    const m = shape[last - 1]!,
      n = shape[last]!;
    const batches = x.length / (m * n);
    const T = 32;
    for (let b = 0; b < batches; b++) {
      const base = b * m * n; // batch dims before the pair keep their order after collapsing
      for (let i0 = 0; i0 < m; i0 += T) {
        const i1 = Math.min(i0 + T, m);
        for (let j0 = 0; j0 < n; j0 += T) {
          const j1 = Math.min(j0 + T, n);
          for (let j = j0; j < j1; j++) {
            let o = base + j * m + i0;
            for (let i = i0; i < i1; i++, o++) out[o] = x[base + i * n + j]!;
          }
        }
      }
    }
    return out;
  }
  // General: walk the output in order; the innermost loop strides through the input.
  const n = outShape[last]!;
  const step = inSt[perm[last]!]!;
  const rows = x.length / n;
  const idx = new Array<number>(last).fill(0);
  let src = 0;
  for (let row = 0, o = 0; row < rows; row++) {
    for (let j = 0, s = src; j < n; j++, s += step) out[o++] = x[s]!;
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      src += inSt[perm[d]!]!;
      if (idx[d]! < outShape[d]!) break;
      src -= inSt[perm[d]!]! * outShape[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

export function makeTranspose(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const perm = (args.attrs ?? {})["perm"] as number[] | undefined;
    if (
      !x ||
      !perm ||
      x.dtype === "string" ||
      x.dtype === "complex64" ||
      perm.length !== x.shape.length
    )
      return stock(args);
    const xv = rawValues(backend, x);
    if (xv === null || sizeOf(x.shape) !== xv.length) return stock(args);
    const outShape = perm.map((p) => x.shape[p]!);
    return backend.makeTensorInfo(outShape, x.dtype, transposeValues(xv, x.shape, perm));
  };
}
