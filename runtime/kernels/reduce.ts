// Sum, Mean, Max and Min over any axes that collapse to [outer, reduced, inner] (trailing axes,
// leading axes as in bias gradients, or one middle run), float32 only. The stock kernels transpose
// the reduced axes to the end first (a full copy through the slow generic transpose); here leading
// and middle reductions accumulate whole rows instead, so nothing is transposed. Sums accumulate in
// doubles in the same order as the stock kernel.
import { f32, type CpuBackend, type KernelArgs, type KernelFn } from "./util.ts";

export type ReduceOp = "Sum" | "Mean" | "Max" | "Min";

/** Reduced layout [O, R, I] of a shape for the given axes, or null when the axes do not collapse. */
export function reduceLayout(
  shape: readonly number[],
  axes: readonly number[],
): { O: number; R: number; I: number } | null {
  let O = 1,
    R = 1,
    I = 1;
  let phase = 0; // 0: leading kept, 1: reduced run, 2: trailing kept
  for (let d = 0; d < shape.length; d++) {
    const s = shape[d]!;
    if (s === 1) continue; // size-1 dims never change the layout
    const red = axes.includes(d);
    if (phase === 0) {
      if (red) {
        phase = 1;
        R *= s;
      } else O *= s;
    } else if (phase === 1) {
      if (red) R *= s;
      else {
        phase = 2;
        I *= s;
      }
    } else {
      if (red) return null;
      I *= s;
    }
  }
  return { O, R, I };
}

function reduce(op: ReduceOp, x: Float32Array, O: number, R: number, I: number): Float32Array {
  const out = new Float32Array(O * I);
  const isSum = op === "Sum" || op === "Mean";
  for (let o = 0; o < O; o++) {
    const base = o * R * I;
    if (I === 1) {
      if (isSum) {
        let s = 0;
        for (let r = 0; r < R; r++) s += x[base + r]!;
        out[o] = op === "Mean" ? s / R : s;
      } else if (op === "Max") {
        let m = x[base]!;
        for (let r = 1; r < R; r++)
          if (x[base + r]! > m || Number.isNaN(x[base + r]!)) m = x[base + r]!;
        out[o] = m;
      } else {
        let m = x[base]!;
        for (let r = 1; r < R; r++)
          if (x[base + r]! < m || Number.isNaN(x[base + r]!)) m = x[base + r]!;
        out[o] = m;
      }
      continue;
    }
    // Reduce whole rows of length I: contiguous reads, no transpose.
    const acc = new Float64Array(I);
    for (let i = 0; i < I; i++) acc[i] = isSum ? 0 : x[base + i]!;
    for (let r = isSum ? 0 : 1; r < R; r++) {
      const row = base + r * I;
      if (isSum) for (let i = 0; i < I; i++) acc[i] = acc[i]! + x[row + i]!;
      else if (op === "Max")
        for (let i = 0; i < I; i++) {
          const v = x[row + i]!;
          if (v > acc[i]! || Number.isNaN(v)) acc[i] = v;
        }
      else
        for (let i = 0; i < I; i++) {
          const v = x[row + i]!;
          if (v < acc[i]! || Number.isNaN(v)) acc[i] = v;
        }
    }
    const oo = o * I;
    if (op === "Mean") for (let i = 0; i < I; i++) out[oo + i] = acc[i]! / R;
    else for (let i = 0; i < I; i++) out[oo + i] = acc[i]!;
  }
  return out;
}

export function parseAxes(axis: unknown, rank: number): number[] {
  const list =
    axis == null
      ? [...Array(rank).keys()]
      : Array.isArray(axis)
        ? (axis as number[])
        : [axis as number];
  return list.map((a) => (a < 0 ? a + rank : a));
}

export function makeReduce(op: ReduceOp, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const attrs = args.attrs ?? {};
    const xv = x ? f32(backend, x) : null;
    if (!x || xv === null || xv.length === 0) return stock(args);
    const axes = parseAxes(
      op === "Max" ? attrs["reductionIndices"] : attrs["axis"],
      x.shape.length,
    );
    const layout = reduceLayout(x.shape, axes);
    if (layout === null) return stock(args);
    const out = reduce(op, xv, layout.O, layout.R, layout.I);
    const keep = attrs["keepDims"] === true;
    const shape = keep
      ? x.shape.map((s, d) => (axes.includes(d) ? 1 : s))
      : x.shape.filter((_, d) => !axes.includes(d));
    return backend.makeTensorInfo(shape, "float32", out);
  };
}
