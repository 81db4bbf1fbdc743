// GatherV2 (batchDims 0) and UnsortedSegmentSum of the `native` backend through the addon; other
// cases, and out-of-range gather indices (the fallback raises tfjs's error), run the JS kernels.
import {
  f32,
  rawValues,
  sizeOf,
  type CpuBackend,
  type KernelArgs,
  type KernelFn,
} from "../util.ts";
import type { NativeAddon } from "./addon.ts";
import { take } from "./pool.ts";

export function nativeGather(addon: NativeAddon, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { x, indices } = args.inputs;
    const attrs = args.attrs ?? {};
    if (!x || !indices || ((attrs["batchDims"] as number | undefined) ?? 0) !== 0)
      return stock(args);
    const xv = x.dtype === "float32" ? f32(backend, x) : rawValues(backend, x);
    const iv = rawValues(backend, indices);
    if (!(xv instanceof Float32Array || xv instanceof Int32Array) || !(iv instanceof Int32Array))
      return stock(args);
    const axisAttr = attrs["axis"] as number;
    const axis = axisAttr < 0 ? axisAttr + x.shape.length : axisAttr;
    const outer = sizeOf(x.shape.slice(0, axis));
    const inner = sizeOf(x.shape.slice(axis + 1));
    const outShape = [...x.shape.slice(0, axis), ...indices.shape, ...x.shape.slice(axis + 1)];
    const n = outer * iv.length * inner;
    const out = xv instanceof Float32Array ? take(n) : new Int32Array(n);
    if (n === 0 || addon.gather(xv, iv, out, outer, x.shape[axis]!, inner) !== 0)
      return stock(args);
    return backend.makeTensorInfo(outShape, x.dtype, out);
  };
}

export function nativeSegmentSum(addon: NativeAddon, stock: KernelFn): KernelFn {
  return (args: KernelArgs) => {
    const backend = args.backend as CpuBackend;
    const { x, segmentIds } = args.inputs;
    if (!x || !segmentIds) return stock(args);
    const xv = f32(backend, x);
    const ids = rawValues(backend, segmentIds);
    if (xv === null || !(ids instanceof Int32Array) || ids.length === 0) return stock(args);
    const numSegments = (args.attrs ?? {})["numSegments"] as number;
    const innerShape = x.shape.slice(segmentIds.shape.length);
    const inner = sizeOf(innerShape);
    const out = new Float32Array(numSegments * inner);
    if (addon.segmentSum(xv, ids, out, inner, numSegments) !== 0) return stock(args);
    return backend.makeTensorInfo([numSegments, ...innerShape], "float32", out);
  };
}
