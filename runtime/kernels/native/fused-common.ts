// What the fused native kernels (fused-{act,attention,norm,xent}.ts) share: their kernel-function
// arguments, float32 views of inputs, the addon (they are only selected when it loaded), the error
// for a call the C++ declines (the TS side checks every size first, so it means a bug), and their
// one-time registration for the native backend (tf.registerKernel under Archc* names) once they
// apply (fusedKernels).
import * as tf from "../../tf.ts";
import { f32, type CpuBackend } from "../util.ts";
import { loadAddon, nativeFusedOn, type NativeAddon } from "./addon.ts";
import { NATIVE_BACKEND } from "./register.ts";

export type FusedArgs = {
  inputs: tf.NamedTensorInfoMap;
  backend: unknown;
  attrs?: tf.NamedAttrMap;
};
/** A kernel function: one output, or several (then runKernel returns an array). */
export type FusedKernel = (args: FusedArgs) => tf.TensorInfo | tf.TensorInfo[];

/** Float32 views of the named inputs (each must be float32). */
export function views(args: FusedArgs, names: readonly string[]): Float32Array[] {
  const be = args.backend as CpuBackend;
  return names.map((n) => f32(be, args.inputs[n]!)!);
}

export function addon(): NativeAddon {
  const a = loadAddon();
  if (typeof a === "string") throw new Error(`native fused kernel without the addon: ${a}`);
  return a;
}

/** Throws when the C++ returned nonzero for sizes the TS side had checked. */
export function check(kernel: string, code: number): void {
  if (code !== 0) throw new Error(`${kernel}: the native kernel declined (code ${code})`);
}

/**
 * True when the fused native kernels apply now: the native backend, not switched off, and an addon
 * that has the named entry points (an addon built before them, e.g. a checkout not rebuilt since,
 * lacks them: the composed ops run).
 */
function fusedNativeActive(...fns: readonly (keyof NativeAddon)[]): boolean {
  if (tf.getBackend() !== NATIVE_BACKEND || !nativeFusedOn()) return false;
  const a = loadAddon();
  return typeof a !== "string" && fns.every((f) => typeof a[f] === "function");
}

const done = new Set<string>();

/** Registers each kernel for the native backend once. */
function registerFused(kernels: readonly (readonly [string, FusedKernel])[]): void {
  for (const [kernelName, fn] of kernels) {
    if (done.has(kernelName)) continue;
    if (tf.getKernel(kernelName, NATIVE_BACKEND) === undefined)
      tf.registerKernel({
        kernelName,
        backendName: NATIVE_BACKEND,
        kernelFunc: fn as unknown as tf.KernelFunc,
      });
    done.add(kernelName);
  }
}

/**
 * The named kernels when they apply now (the addon's entry points `fns`, see fusedNativeActive):
 * registered once, true; false elsewhere (the caller runs its composed ops).
 */
export function fusedKernels(
  fns: readonly (keyof NativeAddon)[],
  ...kernels: readonly (readonly [string, FusedKernel])[]
): boolean {
  if (!fusedNativeActive(...fns)) return false;
  registerFused(kernels);
  return true;
}
