// Slice and SplitV for the wasm backend: tfjs-backend-wasm 4.22's Slice first copies the *whole*
// input out of wasm memory (readSync) and then copies element by element, so splitting the packed
// [B, H+2G, T, dh] attention tensor into q, k and v cost ~2 ms a call, more than the products.
// These copy contiguous runs between views of the wasm heap (slice.ts sliceInto), for float32 and
// int32; other dtypes go to the stock kernels.
import * as tf from "@tensorflow/tfjs";
import { sliceInto } from "./slice.ts";
import { heapView, type WasmBackendInternals } from "./wasm-heap.ts";

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

const sizeOf = (shape: readonly number[]): number => shape.reduce((a, b) => a * b, 1);

/** out = x[begin : begin + size] as a new wasm tensor (x float32 or int32). */
function sliceOnHeap(
  be: WasmBackendInternals,
  x: tf.TensorInfo,
  begin: readonly number[],
  size: readonly number[],
): tf.TensorInfo {
  const out = be.makeOutput([...size], x.dtype);
  const n = sizeOf(size);
  // views after makeOutput: an allocation may grow (replace) the heap
  if (n > 0)
    sliceInto(heapView(be, x, sizeOf(x.shape))!, heapView(be, out, n)!, x.shape, begin, size);
  return out;
}

const numeric = (x: tf.TensorInfo): boolean => x.dtype === "float32" || x.dtype === "int32";

export function makeWasmSlice(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: Args) => {
    const x = args.inputs["x"]!;
    if (!numeric(x)) return stock(args as Parameters<tf.KernelFunc>[0]);
    const [begin, size] = tf.slice_util.parseSliceParams(
      x,
      args.attrs?.["begin"] as number[],
      args.attrs?.["size"] as number[],
    );
    tf.slice_util.assertParamsValid(x, begin!, size!);
    return sliceOnHeap(args.backend as WasmBackendInternals, x, begin!, size!);
  }) as unknown as tf.KernelFunc;
}

export function makeWasmSplitV(stock: tf.KernelFunc): tf.KernelFunc {
  return ((args: Args) => {
    const x = args.inputs["x"]!;
    if (!numeric(x)) return stock(args as Parameters<tf.KernelFunc>[0]);
    const axisAttr = args.attrs?.["axis"] as number;
    const axis = axisAttr < 0 ? axisAttr + x.shape.length : axisAttr;
    const sizes = tf.backend_util.prepareSplitSize(
      x as unknown as tf.Tensor,
      args.attrs?.["numOrSizeSplits"] as number[] | number,
      axis,
    );
    const begin = new Array<number>(x.shape.length).fill(0);
    return sizes.map((s) => {
      const size = [...x.shape];
      size[axis] = s;
      const t = sliceOnHeap(args.backend as WasmBackendInternals, x, begin, size);
      begin[axis]! += s;
      return t;
    });
  }) as unknown as tf.KernelFunc;
}
