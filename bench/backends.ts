// Backend switching for benchmarks: the stock `cpu` and `wasm` backends, and "cpu-fast", the cpu
// backend with runtime/kernels' replacements (registered as a separate backend so stock `cpu`
// stays available for side-by-side ratios in one process); useNative and setNativeFused for the
// native benchmarks; wrapKernels instruments every kernel of a backend for the by-hand profilers
// (_profile-step.ts, _profile-memory.ts).
import * as tf from "../runtime/tf.ts";
import { selectBackend } from "../runtime/backend.ts";
import { registerFastCpuBackend } from "../runtime/kernels/index.ts";
import { loadAddon, type NativeAddon } from "../runtime/kernels/native/addon.ts";
import { registerNativeBackend } from "../runtime/kernels/native/register.ts";
import type { BenchRow } from "./types.ts";

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

/** Makes the native backend current: its addon, or the one row of a benchmark skipped without it. */
export async function useNative(): Promise<NativeAddon | BenchRow[]> {
  const addon = loadAddon();
  const why = registerNativeBackend();
  if (typeof addon === "string" || why !== null)
    return [{ name: "native backend", value: NaN, unit: "", note: `skipped: ${why ?? addon}` }];
  await tf.setBackend("native");
  return addon;
}

/** The native backend's fused kernels on (the default) or off (ARCHC_NATIVE_FUSED=off: the composed ops). */
export function setNativeFused(on: boolean): void {
  if (on) delete process.env["ARCHC_NATIVE_FUSED"];
  else process.env["ARCHC_NATIVE_FUSED"] = "off";
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
