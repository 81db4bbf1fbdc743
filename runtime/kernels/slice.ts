// Slice and SplitV for numeric tensors on the cpu backend. Stock Slice copies element by element
// through a multi-index whenever the slice is not one contiguous block, which makes splitting the
// fused qkv projection ([B·T, 3d] → 3 × [B·T, d], a slice along the last axis) cost more than the
// matmul that produced it. Here every slice is copied as rows of its contiguous innermost extent.
import * as tf from "../tf.ts";
import {
  rawValues,
  sizeOf,
  stridesOf,
  type CpuBackend,
  type KernelArgs,
  type KernelFn,
  type TensorInfo,
} from "./util.ts";

export function sliceValues<T extends tf.TypedArray>(
  x: T,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
): T {
  const Ctor = x.constructor as new (n: number) => T;
  return sliceInto(x, new Ctor(sizeOf(size)), shape, begin, size);
}

/** Writes the slice (begin, size) of x (shape) into out (length = Π size); returns out. */
export function sliceInto<T extends tf.TypedArray>(
  x: T,
  out: T,
  shape: readonly number[],
  begin: readonly number[],
  size: readonly number[],
): T {
  if (out.length === 0) return out;
  const r = shape.length;
  if (r === 0) {
    out[0] = x[0]!;
    return out;
  }
  // Merge trailing dims taken whole into the row, so rows are as long as possible.
  let last = r - 1;
  let n = size[last]!;
  while (last > 0 && size[last] === shape[last] && begin[last] === 0) {
    last--;
    n *= size[last]!;
  }
  const st = stridesOf(shape);
  let src = 0;
  for (let d = 0; d < r; d++) src += begin[d]! * st[d]!;
  const rows = out.length / n;
  const idx = new Array<number>(last).fill(0);
  for (let row = 0; row < rows; row++) {
    out.set(x.subarray(src, src + n), row * n);
    for (let d = last - 1; d >= 0; d--) {
      idx[d]!++;
      src += st[d]!;
      if (idx[d]! < size[d]!) break;
      src -= st[d]! * size[d]!;
      idx[d] = 0;
    }
  }
  return out;
}

/** A Slice kernel's (begin, size), negative and -1 entries resolved and checked against x. */
export function sliceParams(
  x: TensorInfo,
  attrs: Record<string, unknown> | undefined,
): { begin: number[]; size: number[] } {
  const [begin, size] = tf.slice_util.parseSliceParams(
    x,
    attrs?.["begin"] as number[],
    attrs?.["size"] as number[],
  );
  tf.slice_util.assertParamsValid(x, begin!, size!);
  return { begin: begin!, size: size! };
}

/** A SplitV kernel's parts as slices of x: one (begin, size) per output, in order. */
export function splitParts(
  x: TensorInfo,
  attrs: Record<string, unknown> | undefined,
): { begin: number[]; size: number[] }[] {
  const axisAttr = attrs?.["axis"] as number;
  const axis = axisAttr < 0 ? axisAttr + x.shape.length : axisAttr;
  const sizes = tf.backend_util.prepareSplitSize(
    x as unknown as tf.Tensor,
    attrs?.["numOrSizeSplits"] as number[] | number,
    axis,
  );
  let at = 0;
  return sizes.map((s) => {
    const begin = new Array<number>(x.shape.length).fill(0);
    const size = [...x.shape];
    begin[axis] = at;
    size[axis] = s;
    at += s;
    return { begin, size };
  });
}

function usable(backend: CpuBackend, x: TensorInfo | undefined): tf.TypedArray | null {
  if (!x || x.dtype === "string" || x.dtype === "complex64") return null;
  const v = rawValues(backend, x);
  return v !== null && v.length === sizeOf(x.shape) ? v : null;
}

export function makeSlice(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const xv = usable(backend, x);
    if (!x || xv === null) return stock(args);
    const { begin, size } = sliceParams(x, args.attrs);
    return backend.makeTensorInfo(size, x.dtype, sliceValues(xv, x.shape, begin, size));
  };
}

export function makeSplitV(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const x = args.inputs["x"];
    const xv = usable(backend, x);
    if (!x || xv === null) return stock(args);
    return splitParts(x, args.attrs).map(({ begin, size }) =>
      backend.makeTensorInfo(size, x.dtype, sliceValues(xv, x.shape, begin, size)),
    );
  };
}
