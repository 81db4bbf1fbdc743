// The one guarded access layer between this folder's wasm kernels and tfjs-backend-wasm 4.22's
// internals (the Emscripten module, the dataId → memory offset map). No kernel reads HEAP* or a
// memory offset except through here. What it guards against:
// - heap growth: growing wasm memory replaces the heap arrays (old views become detached, length 0,
//   and silently read NaN and drop writes), so views are taken from the live heap after every
//   allocation (`withViews`), and a kernel whose heap was replaced while it held views fails loudly;
// - offsets past 2 GiB: tfjs hands out unsigned offsets up to 4 GiB; they are used unsigned
//   (`>>> 2`, never `>> 2`, which turned them negative and wrote into other tensors' memory);
// - bounds: every view and every registered sub-tensor region lies inside its tensor's bytes.
// `wasmInternalsMismatch` checks once, at install (wasm-install.ts), that the backend has the
// shape this layer expects; where it does not, no kernel of this folder is installed.
import * as tf from "../tf.ts";

export interface WasmModule {
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _BatchMatMul(...args: number[]): void;
  _register_tensor(id: number, size: number, offset: number): void;
  _dispose_data(id: number): void;
  HEAP32: Int32Array;
  HEAPF32: Float32Array;
  HEAPU8: Uint8Array;
}

export interface WasmBackendInternals {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  incRef(dataId: object): void;
  readSync(dataId: object): unknown;
  disposeData(dataId: object, force?: boolean): boolean;
}

type HeapArray = Float32Array | Int32Array;

/** An internal error: a kernel of this folder broke the layer's contract (never a user error). */
function ice(msg: string): Error {
  return new Error(`internal error in runtime/kernels (wasm heap): ${msg}`);
}

const BYTES: Partial<Record<tf.DataType, number>> = { float32: 4, int32: 4 };

/** Unsigned byte offset of a tensor's values in wasm memory (tfjs keeps offsets up to 4 GiB). */
export function offsetOf(be: WasmBackendInternals, t: tf.TensorInfo): number {
  const offset = be.dataIdMap.get(t.dataId)?.memoryOffset;
  if (typeof offset !== "number") throw ice(`tensor ${String(t.shape)} is not in wasm memory`);
  // offset 0: malloc failed (wasm memory is limited to 4 GiB), and tfjs does not check
  if (offset === 0) throw ice(`no wasm memory for a tensor ${String(t.shape)} (4 GiB limit)`);
  return offset >>> 0;
}

function elements(t: tf.TensorInfo): number {
  return t.shape.reduce((a, b) => a * b, 1);
}

/** A view (no copy) of a float32 or int32 tensor's values in the live heap; null for other dtypes. */
export function heapView(
  be: WasmBackendInternals,
  t: tf.TensorInfo,
  length = elements(t),
): HeapArray | null {
  if (BYTES[t.dtype] === undefined) return null;
  const heap = t.dtype === "float32" ? be.wasm.HEAPF32 : be.wasm.HEAP32;
  const start = offsetOf(be, t) >>> 2;
  if (length > elements(t) || start + length > heap.length)
    throw ice(`view of ${length} elements at ${start * 4} outside the tensor or the heap`);
  return heap.subarray(start, start + length);
}

/**
 * Runs `fill` on views of `tensors` (float32 or int32, all allocated before this call) taken from
 * the live heap, and checks that the heap was not replaced while `fill` held them. `fill` must not
 * allocate wasm memory (no makeOutput, no wasm calls): allocate first, then take views.
 */
export function withViews<R>(
  be: WasmBackendInternals,
  tensors: readonly tf.TensorInfo[],
  fill: (views: HeapArray[]) => R,
): R {
  const buffer = be.wasm.HEAPU8.buffer;
  const views = tensors.map((t) => {
    const v = heapView(be, t);
    if (v === null) throw ice(`no heap view for dtype ${t.dtype}`);
    return v;
  });
  const result = fill(views);
  if (be.wasm.HEAPU8.buffer !== buffer) throw ice("the heap grew while a kernel held views of it");
  return result;
}

/** A float32 region inside a tensor: `length` elements from element `start`. */
export interface Region {
  readonly tensor: tf.TensorInfo;
  readonly start: number;
  readonly length: number;
}

/**
 * Registers each region as a tensor id of the wasm module (no copy: the id points into the owning
 * tensor's memory), runs fn with the ids, and unregisters them (which frees nothing, and drops any
 * XNNPACK operator cached for them). fn may call wasm functions: offsets survive heap growth.
 */
export function withRegions<R>(
  be: WasmBackendInternals,
  regions: readonly Region[],
  fn: (ids: number[]) => R,
): R {
  const ids: number[] = [];
  try {
    for (const r of regions) {
      if (r.tensor.dtype !== "float32" || r.start < 0 || r.start + r.length > elements(r.tensor))
        throw ice(`region [${r.start}, +${r.length}) outside its tensor ${String(r.tensor.shape)}`);
      const id = be.dataIdNextNumber++;
      be.wasm._register_tensor(id, r.length, offsetOf(be, r.tensor) + r.start * 4);
      ids.push(id);
    }
    return fn(ids);
  } finally {
    for (const id of ids) be.wasm._dispose_data(id);
  }
}

/** Per module: int32 scratch memory for shape arguments of wasm calls (allocated once, kept). */
const scratch = new WeakMap<WasmModule, { ptr: number; ints: number }>();

/** Writes `values` into int32 scratch memory of the module and returns its byte offset. */
export function scratchInts(be: WasmBackendInternals, values: readonly number[]): number {
  let s = scratch.get(be.wasm);
  if (s === undefined || s.ints < values.length) {
    if (s !== undefined) be.wasm._free(s.ptr);
    s = { ptr: be.wasm._malloc(values.length * 4) >>> 0, ints: values.length };
    scratch.set(be.wasm, s);
  }
  be.wasm.HEAP32.set(values, s.ptr >>> 2); // HEAP32 read after the malloc above
  return s.ptr;
}

/** A tensor sharing x's memory (one more reference), as tfjs's cpu backend does for Identity. */
export function shareData(be: WasmBackendInternals, x: tf.TensorInfo): tf.TensorInfo {
  be.incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
}

const FUNCTIONS = ["_malloc", "_free", "_BatchMatMul", "_register_tensor", "_dispose_data"];
const BACKEND_FUNCTIONS = ["makeOutput", "incRef", "readSync", "disposeData"];

/**
 * Why `backend` is not the tfjs-backend-wasm this layer reads, or null when it is: the module's
 * functions and heap arrays, the backend's id counter and offset map, and a probe that writes
 * through a view and reads the values back with the backend's own readSync.
 */
export function wasmInternalsMismatch(backend: unknown): string | null {
  const be = backend as Partial<WasmBackendInternals> | null;
  const wasm = be?.wasm as Partial<WasmModule> | undefined;
  if (wasm === undefined) return "the backend has no wasm module";
  const missing = [
    ...FUNCTIONS.filter((f) => typeof (wasm as Record<string, unknown>)[f] !== "function"),
    ...BACKEND_FUNCTIONS.filter((f) => typeof (be as Record<string, unknown>)[f] !== "function"),
  ];
  if (missing.length > 0) return `no ${missing.join(", ")}`;
  if (!(wasm.HEAPF32 instanceof Float32Array) || !(wasm.HEAP32 instanceof Int32Array))
    return "no HEAPF32/HEAP32 heap arrays";
  if (!(wasm.HEAPU8 instanceof Uint8Array)) return "no HEAPU8 heap array";
  if (typeof be?.dataIdNextNumber !== "number") return "no dataIdNextNumber counter";
  if (typeof be.dataIdMap?.get !== "function") return "no dataIdMap";
  const full = be as WasmBackendInternals;
  const probe = full.makeOutput([3], "float32");
  try {
    const offset = full.dataIdMap.get(probe.dataId)?.memoryOffset;
    if (typeof offset !== "number") return "dataIdMap entries have no memoryOffset";
    withViews(full, [probe], ([v]) => v!.set([1.5, -2, 3.25]));
    const back = Array.from(full.readSync(probe.dataId) as Float32Array);
    if (back.join() !== "1.5,-2,3.25") return "a heap view and readSync disagree";
  } finally {
    full.disposeData(probe.dataId, true);
  }
  return null;
}
