// Reuse of the native backend's float32 output buffers. Every tensor of the cpu backend class is a
// fresh typed array, and V8 runs a full mark-compact whenever the memory outside its heap grows by
// tens of MiB: about 150 ms of a 390 ms step of the small GPT (bench/_profile-step.ts prints the GC
// pauses). A buffer that a native kernel took from here returns when its tensor's data is disposed,
// unless it may be referenced elsewhere: read by the user (read/readSync hand out the buffer itself)
// or given to a kernel that is not native (the stock cpu kernels may return views of an input, e.g.
// Slice's subarray). Kernels that take a buffer write every element of it (its contents are stale).
import type { CpuBackend, TensorInfo } from "../util.ts";

/** Buffers shorter than this are left to V8 (cheap to allocate; not worth a map lookup). */
const MIN_LENGTH = 1024;
/** At most this many bytes wait in the pool; buffers beyond it are dropped to the GC. */
const MAX_POOLED_BYTES = 512 * 2 ** 20;

const free = new Map<number, Float32Array[]>();
/** Buffers handed out by take() and not escaped: the only ones recycle() keeps. */
const owned = new WeakSet<Float32Array>();
let pooledBytes = 0;

/** A float32 buffer of n elements with stale contents (the caller writes all of it). */
export function take(n: number): Float32Array {
  if (n < MIN_LENGTH) return new Float32Array(n);
  const list = free.get(n);
  let b = list?.pop();
  if (b === undefined) b = new Float32Array(n);
  else pooledBytes -= b.byteLength;
  if (list?.length === 0) free.delete(n);
  owned.add(b);
  return b;
}

/** This buffer may be referenced outside its tensor from now on: never reuse it. */
export function escape(values: unknown): void {
  if (values instanceof Float32Array) owned.delete(values);
}

/** The values of the tensor's data on the cpu-class backend (undefined when already gone). */
function valuesOf(backend: CpuBackend, t: TensorInfo): unknown {
  return (backend.data.get(t.dataId) as { values?: unknown } | undefined)?.values;
}

/** Marks the buffers of the given inputs as escaped (before a non-native kernel sees them). */
export function escapeInputs(backend: CpuBackend, inputs: Record<string, unknown>): void {
  for (const t of Object.values(inputs))
    if (t != null && typeof t === "object" && "dataId" in t)
      escape(valuesOf(backend, t as TensorInfo));
}

/** Returns a disposed tensor's buffer to the pool when it was taken here and has not escaped. */
export function recycle(values: unknown): void {
  if (!(values instanceof Float32Array) || !owned.has(values)) return;
  owned.delete(values); // pooled, not owned: a second recycle of the same buffer does nothing
  if (pooledBytes + values.byteLength > MAX_POOLED_BYTES) return;
  const list = free.get(values.length);
  if (list === undefined) free.set(values.length, [values]);
  else list.push(values);
  pooledBytes += values.byteLength;
}

/** Bytes waiting in the pool (tests). */
export function pooledByteCount(): number {
  return pooledBytes;
}
