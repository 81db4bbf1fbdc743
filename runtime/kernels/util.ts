// Shared plumbing for the fast cpu kernels: typed views of the `cpu` backend's storage, output
// creation, and the shape arithmetic (broadcast collapsing) that lets each kernel run one tight
// loop instead of tfjs's per-element index path. These read backend internals (`data.get(id).values`),
// which ties the kernels to the pinned tfjs 4.22.0; every kernel falls back to the stock one when the
// storage is not what it expects (complex, string, lazily moved data).
import type * as tf from "../tf.ts";

export type TensorInfo = tf.TensorInfo;

/** The subset of tfjs-backend-cpu's MathBackendCPU the kernels use. */
export interface CpuBackend {
  data: { get(dataId: object): { values?: unknown; complexTensorInfos?: unknown } };
  makeTensorInfo(shape: number[], dtype: tf.DataType, values: tf.TypedArray): TensorInfo;
  disposeIntermediateTensorInfo(t: TensorInfo): void;
}

export interface KernelArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: unknown;
  attrs?: Record<string, unknown>;
}

export type KernelFn = (args: KernelArgs) => TensorInfo | TensorInfo[];

/** The typed array behind a tensor, or null when it is not a plain numeric array. */
export function rawValues(backend: CpuBackend, t: TensorInfo): tf.TypedArray | null {
  const v = backend.data.get(t.dataId).values;
  if (v instanceof Float32Array || v instanceof Int32Array || v instanceof Uint8Array) return v;
  return null;
}

/**
 * The float32 values of a float32 tensor. On stock `cpu`, casting int32/bool to float32 keeps the
 * integer array underneath; reading it through a Float32Array copy keeps our loops monomorphic
 * (V8 optimises a loop for one array type; mixing types deoptimises it).
 */
export function f32(backend: CpuBackend, t: TensorInfo): Float32Array | null {
  if (t.dtype !== "float32") return null;
  const v = rawValues(backend, t);
  if (v === null) return null;
  return v instanceof Float32Array ? v : Float32Array.from(v);
}

export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const s of shape) n *= s;
  return n;
}

export function stridesOf(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length);
  let acc = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    st[i] = acc;
    acc *= shape[i]!;
  }
  return st;
}

/** numpy broadcast of two shapes, or null if incompatible. */
export function broadcastShapes(a: readonly number[], b: readonly number[]): number[] | null {
  const r = Math.max(a.length, b.length);
  const out = new Array<number>(r);
  for (let i = 0; i < r; i++) {
    const da = a[a.length - r + i] ?? 1;
    const db = b[b.length - r + i] ?? 1;
    if (da !== db && da !== 1 && db !== 1) return null;
    out[i] = da === 1 ? db : da;
  }
  return out;
}

/**
 * Collapses a broadcast of a and b into out into the fewest dims: adjacent dims where each operand
 * is either fully present or fully broadcast (size 1) merge. Returns the merged out dims and, per
 * dim, each operand's element stride (0 where broadcast). [B,T,d]+[d] becomes one dim pair
 * [B·T (a:d, b:0), d (a:1, b:1)], so the inner loop runs over d with unit strides.
 */
export function collapseBroadcast(
  aShape: readonly number[],
  bShape: readonly number[],
  outShape: readonly number[],
): { dims: number[]; sa: number[]; sb: number[] } {
  const r = outShape.length;
  const dims: number[] = [];
  const aHas: boolean[] = [];
  const bHas: boolean[] = [];
  for (let i = 0; i < r; i++) {
    const d = outShape[i]!;
    if (d === 1) continue; // size-1 out dims carry no iteration
    const ah = (aShape[aShape.length - r + i] ?? 1) !== 1;
    const bh = (bShape[bShape.length - r + i] ?? 1) !== 1;
    const last = dims.length - 1;
    if (last >= 0 && aHas[last] === ah && bHas[last] === bh) dims[last] = dims[last]! * d;
    else {
      dims.push(d);
      aHas.push(ah);
      bHas.push(bh);
    }
  }
  if (dims.length === 0) {
    dims.push(1);
    aHas.push(true);
    bHas.push(true);
  }
  const sa = new Array<number>(dims.length);
  const sb = new Array<number>(dims.length);
  let accA = 1;
  let accB = 1;
  for (let i = dims.length - 1; i >= 0; i--) {
    sa[i] = aHas[i] ? accA : 0;
    sb[i] = bHas[i] ? accB : 0;
    if (aHas[i]) accA *= dims[i]!;
    if (bHas[i]) accB *= dims[i]!;
  }
  return { dims, sa, sb };
}
