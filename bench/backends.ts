// Backend switching for benchmarks: the stock `cpu` and `wasm` backends, and "cpu-fast", the cpu
// backend with runtime/kernels' replacements (registered as a separate backend so stock `cpu`
// stays available for side-by-side ratios in one process); wrapKernels instruments every kernel of
// a backend for the by-hand profilers (_profile-step.ts, _profile-memory.ts).
import * as tf from "../runtime/tf.ts";
import { selectBackend } from "../runtime/backend.ts";
import { registerFastCpuBackend } from "../runtime/kernels/index.ts";

export const BENCH_BACKENDS = ["cpu", "wasm", "cpu-fast"] as const;

export async function useBackend(name: string): Promise<string> {
  if (name === "cpu-fast") {
    registerFastCpuBackend();
    if (!(await tf.setBackend("cpu-fast"))) throw new Error("cpu-fast backend did not start");
    await tf.ready();
    return tf.getBackend();
  }
  return selectBackend(name);
}

/** Re-registers every kernel of `backend` as wrap(kernelName, its kernel function). */
export function wrapKernels(
  backend: string,
  wrap: (kernelName: string, inner: tf.KernelFunc) => tf.KernelFunc,
): void {
  for (const cfg of tf.getKernelsForBackend(backend)) {
    tf.unregisterKernel(cfg.kernelName, backend);
    tf.registerKernel({ ...cfg, kernelFunc: wrap(cfg.kernelName, cfg.kernelFunc) });
  }
}
