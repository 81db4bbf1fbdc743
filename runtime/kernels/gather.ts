// GatherV2 and its gradient UnsortedSegmentSum for the cpu backend. The stock UnsortedSegmentSum
// loops over every segment (vocabulary row), each time building a mask over the whole gradient:
// O(vocab × N × d), half of a small GPT's step. Here it is one pass, out[id[i]] += x[i], O(N × d).
// GatherV2 copies whole contiguous slices with TypedArray.set instead of per-element indexing.
import * as tf from "../tf.ts";
import { f32, rawValues, sizeOf, type CpuBackend, type KernelArgs, type KernelFn } from "./util.ts";

export function makeGatherV2(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { x, indices } = args.inputs;
    if (!x || !indices || x.dtype === "string" || x.dtype === "complex64") return stock(args);
    const xv = x.dtype === "float32" ? f32(backend, x) : rawValues(backend, x);
    const iv = rawValues(backend, indices);
    if (xv === null || iv === null) return stock(args);
    const attrs = args.attrs ?? {};
    const axisAttr = attrs["axis"] as number;
    const axis = axisAttr < 0 ? axisAttr + x.shape.length : axisAttr;
    const batchDims = (attrs["batchDims"] as number | undefined) ?? 0;
    const axisDim = x.shape[axis]!;
    for (let i = 0; i < iv.length; i++) {
      const index = iv[i]!;
      if (!(index <= axisDim - 1 && index >= 0)) {
        throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisDim - 1}]`);
      }
    }
    const info = tf.backend_util.segment_util.collectGatherOpShapeInfo(
      x as unknown as tf.Tensor,
      indices as unknown as tf.Tensor,
      axis,
      batchDims,
    );
    const { batchSize, outerSize, dimSize, sliceSize, outputShape } = info;
    const nIdx = iv.length / batchSize;
    const Ctor = xv.constructor as new (n: number) => tf.TypedArray;
    const out = new Ctor(sizeOf(outputShape));
    let o = 0;
    for (let b = 0; b < batchSize; b++) {
      for (let p = 0; p < outerSize; p++) {
        const base = (b * outerSize + p) * dimSize;
        for (let i = 0; i < nIdx; i++) {
          const src = (base + iv[b * nIdx + i]!) * sliceSize;
          if (sliceSize >= 16) out.set(xv.subarray(src, src + sliceSize), o);
          else for (let s = 0; s < sliceSize; s++) out[o + s] = xv[src + s]!;
          o += sliceSize;
        }
      }
    }
    return backend.makeTensorInfo(outputShape, x.dtype, out);
  };
}

export function makeUnsortedSegmentSum(stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { x, segmentIds } = args.inputs;
    if (!x || !segmentIds) return stock(args);
    const xv = f32(backend, x);
    const ids = rawValues(backend, segmentIds);
    if (xv === null || ids === null) return stock(args);
    const numSegments = (args.attrs ?? {})["numSegments"] as number;
    const n = ids.length;
    const inner = n === 0 ? sizeOf(x.shape.slice(segmentIds.shape.length)) : xv.length / n;
    // Accumulate in doubles (as the stock kernel's Sum does) and round once at the end.
    const acc = new Float64Array(numSegments * inner);
    for (let i = 0; i < n; i++) {
      const s = ids[i]!;
      if (s < 0 || s >= numSegments) continue; // TF semantics: out-of-range ids are dropped
      const dst = s * inner;
      const src = i * inner;
      for (let j = 0; j < inner; j++) acc[dst + j] = acc[dst + j]! + xv[src + j]!;
    }
    const out = Float32Array.from(acc);
    return backend.makeTensorInfo(
      [numSegments, ...x.shape.slice(segmentIds.shape.length)],
      "float32",
      out,
    );
  };
}
