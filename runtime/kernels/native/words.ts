// What the native block-copy kernels (concat.ts, split-pad.ts) share: the float32/int32 values they
// copy (anything else runs the stock kernel), float32 outputs from the buffer pool (pool.ts), and
// the axis attribute made non-negative.
import { rawValues, type CpuBackend, type TensorInfo } from "../util.ts";
import { take } from "./pool.ts";

export type Words = Float32Array | Int32Array;

/** float32 or int32 values of the tensor, or null (bool, complex, a mismatched array). */
export function words(backend: CpuBackend, t: TensorInfo): Words | null {
  const v = rawValues(backend, t);
  if (t.dtype === "float32" && v instanceof Float32Array) return v;
  if (t.dtype === "int32" && v instanceof Int32Array) return v;
  return null;
}

/** n values of `dtype` (float32 from the pool, not zeroed; int32 zeroed). */
export function alloc(dtype: string, n: number): Words {
  return dtype === "float32" ? take(n) : new Int32Array(n);
}

/** The axis attribute in [0, rank) (negative counts from the end), or null when it is not one. */
export function axisOf(attr: unknown, rank: number): number | null {
  const a = Number(attr);
  const axis = a < 0 ? a + rank : a;
  return Number.isInteger(axis) && axis >= 0 && axis < rank ? axis : null;
}
