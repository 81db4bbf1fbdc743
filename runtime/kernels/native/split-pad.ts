// SplitV and PadV2 of the `native` backend as block copies (TypedArray.set, memcpy), float32
// outputs from the buffer pool (pool.ts). The stock cpu kernels slice element by element and, being
// non-native, make their input's pooled buffer escape (never reused): the attention's packed
// q/k/v split did so a dozen times a step. float32 or int32; anything else, or attributes the stock
// kernel would reject (it raises tfjs's error), runs the fallback.
import { sizeOf, type CpuBackend, type KernelArgs, type KernelFn } from "../util.ts";
import { alloc, axisOf, words } from "./words.ts";

/** The piece sizes along the axis (tfjs split_util prepareSplitSize), or null when invalid. */
function splitSizes(len: number, spec: unknown): number[] | null {
  if (typeof spec === "number") {
    if (!(Number.isInteger(spec) && spec > 0 && len % spec === 0)) return null;
    return new Array<number>(spec).fill(len / spec);
  }
  if (!Array.isArray(spec)) return null;
  const sizes = spec.map(Number);
  const neg = sizes.filter((s) => s === -1).length;
  if (neg > 1 || sizes.some((s) => !Number.isInteger(s) || s < -1)) return null;
  const known = sizes.reduce((a, s) => (s === -1 ? a : a + s), 0);
  const out = sizes.map((s) => (s === -1 ? len - known : s));
  return out.every((s) => s >= 0) && out.reduce((a, s) => a + s, 0) === len ? out : null;
}

export function fastSplitV(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const attrs = args.attrs ?? {};
    const xv = x ? words(backend, x) : null;
    if (!x || xv === null || x.shape.length === 0) return stock(args);
    const rank = x.shape.length;
    const axis = axisOf(attrs["axis"] ?? 0, rank);
    if (axis === null) return stock(args);
    const sizes = splitSizes(x.shape[axis]!, attrs["numOrSizeSplits"]);
    if (sizes === null) return stock(args);
    // x viewed as [outer, axisLen·inner]: piece p takes columns [at_p, at_p + size_p·inner) of a row
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const row = x.shape[axis]! * inner;
    let at = 0;
    return sizes.map((size) => {
      const w = size * inner;
      const out = alloc(x.dtype, outer * w);
      for (let o = 0; o < outer; o++) out.set(xv.subarray(o * row + at, o * row + at + w), o * w);
      at += w;
      const shape = x.shape.map((s, d) => (d === axis ? size : s));
      return backend.makeTensorInfo(shape, x.dtype, out);
    });
  };
}

export function fastPadV2(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const attrs = args.attrs ?? {};
    const pads = attrs["paddings"] as [number, number][] | undefined;
    const xv = x ? words(backend, x) : null;
    if (!x || xv === null || !Array.isArray(pads) || pads.length !== x.shape.length)
      return stock(args);
    if (x.shape.length === 0 || pads.some((p) => !(p[0] >= 0 && p[1] >= 0))) return stock(args);
    const rank = x.shape.length;
    const outShape = x.shape.map((s, d) => s + pads[d]![0] + pads[d]![1]);
    const out = alloc(x.dtype, sizeOf(outShape));
    out.fill(Number(attrs["constantValue"] ?? 0));
    const n = x.shape[rank - 1]!;
    if (xv.length === 0 || n === 0) return backend.makeTensorInfo(outShape, x.dtype, out);
    // each row of x's last axis lands at Σ_d (i_d + before_d)·outStride_d (an odometer over the rest)
    const outStride = new Array<number>(rank).fill(1);
    for (let d = rank - 2; d >= 0; d--) outStride[d] = outStride[d + 1]! * outShape[d + 1]!;
    const idx = new Array<number>(rank).fill(0);
    let base = 0;
    for (let d = 0; d < rank; d++) base += pads[d]![0] * outStride[d]!;
    for (let r = 0, rows = xv.length / n; r < rows; r++) {
      let off = base;
      for (let d = 0; d < rank - 1; d++) off += idx[d]! * outStride[d]!;
      out.set(xv.subarray(r * n, (r + 1) * n), off);
      for (let d = rank - 2; d >= 0; d--) {
        if (++idx[d]! < x.shape[d]!) break;
        idx[d] = 0;
      }
    }
    return backend.makeTensorInfo(outShape, x.dtype, out);
  };
}
