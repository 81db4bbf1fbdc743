// Slice and SplitV for the wasm backend: tfjs-backend-wasm 4.22's Slice first copies the *whole*
// input out of wasm memory (readSync) and then copies element by element, so splitting the packed
// [B, H+2G, T, dh] attention tensor into q, k and v cost ~2 ms a call, more than the products.
// These copy contiguous runs between views of the wasm heap (slice.ts sliceInto), for float32 and
// int32; other dtypes go to the stock kernels.
import type * as tf from "../tf.ts";
import { sliceInto, sliceParams, splitParts } from "./slice.ts";
import { sizeOf } from "./util.ts";
import { withViews, type WasmBackendInternals } from "./wasm-heap.ts";

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

/** out = x[begin : begin + size] as a new wasm tensor (x float32 or int32). */
function sliceOnHeap(
  be: WasmBackendInternals,
  x: tf.TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): tf.TensorInfo {
  const out = be.makeOutput([...size], x.dtype);
  if (sizeOf(size) > 0)
    withViews(be, [x, out], ([xv, ov]) => sliceInto(xv!, ov!, x.shape, begin, size));
  return out;
}

const numeric = (x: tf.TensorInfo): boolean => x.dtype === "float32" || x.dtype === "int32";

export function makeWasmSlice(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: Args) => {
    const x = args.inputs["x"]!;
    if (!numeric(x)) return stock(args as Parameters<tf.KernelFunc>[0]);
    const { begin, size } = sliceParams(x, args.attrs);
    return sliceOnHeap(args.backend as WasmBackendInternals, x, begin, size);
  }) as unknown as tf.KernelFunc;
}

export function makeWasmSplitV(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: Args) => {
    const x = args.inputs["x"]!;
    if (!numeric(x)) return stock(args as Parameters<tf.KernelFunc>[0]);
    const be = args.backend as WasmBackendInternals;
    return splitParts(x, args.attrs).map(({ begin, size }) => sliceOnHeap(be, x, begin, size));
  }) as unknown as tf.KernelFunc;
}
