// What the wasm-backend kernels of this folder read from tfjs-backend-wasm 4.22's internals: the
// Emscripten module, the dataId → memory offset map, and typed views of a tensor's memory.
import * as tf from "@tensorflow/tfjs";

export interface WasmModule {
  _malloc(bytes: number): number;
  _BatchMatMul(...args: number[]): void;
  _register_tensor(id: number, size: number, offset: number): void;
  _dispose_data(id: number): void;
  HEAP32: Int32Array;
  HEAPF32: Float32Array;
}

export interface WasmBackendInternals {
  wasm: WasmModule;
  dataIdNextNumber: number;
  dataIdMap: { get(dataId: object): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

/** Byte offset of a tensor's values in wasm memory, or undefined for an unknown dataId. */
export function offsetOf(be: WasmBackendInternals, t: tf.TensorInfo): number | undefined {
  return be.dataIdMap.get(t.dataId)?.memoryOffset;
}

/**
 * A typed view (no copy) of a float32 or int32 tensor's values in wasm memory; null for other
 * dtypes. Take views after every allocation: growing the memory replaces the heap arrays.
 */
export function heapView(
  be: WasmBackendInternals,
  t: tf.TensorInfo,
  length: number,
): Float32Array | Int32Array | null {
  const offset = offsetOf(be, t);
  if (offset === undefined) return null;
  const heap =
    t.dtype === "float32" ? be.wasm.HEAPF32 : t.dtype === "int32" ? be.wasm.HEAP32 : null;
  return heap === null ? null : heap.subarray(offset >> 2, (offset >> 2) + length);
}

/** Replaces a wasm kernel, keeping its config (setupFunc); `fast` gets the stock function. */
export function overrideWasmKernel(
  name: string,
  fast: (stock: tf.KernelFunc) => tf.KernelFunc,
): boolean {
  const stock = tf.getKernel(name, "wasm");
  if (stock === undefined) return false;
  tf.unregisterKernel(name, "wasm");
  tf.registerKernel({ ...stock, kernelFunc: fast(stock.kernelFunc) });
  return true;
}
