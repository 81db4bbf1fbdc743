// Loads the native backend's N-API addon (native/, built at `npm install` by native/install.mjs).
// loadAddon() returns the addon or the one-line reason it is unavailable (not built: no compiler,
// ARCHC_NATIVE=off; or it failed to load), so callers can fall back and say why.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { PACKAGE_ROOT } from "../../../spec/package-root.ts";

/** The addon's functions (native/src/addon.cc); kernels return 0 when done, nonzero to decline. */
export interface NativeAddon {
  gemm(
    a: Float32Array,
    b: Float32Array,
    c: Float32Array,
    M: number,
    N: number,
    K: number,
    transA: number,
    transB: number,
    offsets: Int32Array,
  ): number;
  binary(
    op: number,
    a: Float32Array,
    b: Float32Array,
    out: Float32Array,
    dims: Int32Array,
    sa: Int32Array,
    sb: Int32Array,
  ): number;
  unary(op: number, x: Float32Array, out: Float32Array): number;
  reduce(op: number, x: Float32Array, out: Float32Array, O: number, R: number, I: number): number;
  softmax(x: Float32Array, out: Float32Array, cols: number): number;
  transpose(x: Word32Array, out: Word32Array, shape: Int32Array, perm: Int32Array): number;
  gather(
    x: Word32Array,
    idx: Int32Array,
    out: Word32Array,
    outer: number,
    axisLen: number,
    inner: number,
  ): number;
  segmentSum(
    x: Float32Array,
    seg: Int32Array,
    out: Float32Array,
    inner: number,
    segments: number,
  ): number;
  /** One AdamW step of runtime/optim/adamw-kernel.ts into outP, outM, outV (equal lengths). */
  adamw(
    p: Float32Array,
    m: Float32Array,
    v: Float32Array,
    g: Float32Array,
    outP: Float32Array,
    outM: Float32Array,
    outV: Float32Array,
    beta1: number,
    beta2: number,
    eps: number,
    stepSize: number,
    sqrtBc2: number,
    decay: number,
  ): number;
  /** Sets the BLAS thread count (n > 0) and returns the count in force. */
  setThreads(n: number): number;
  /** The BLAS in use, e.g. "OpenBLAS 0.3.21 … Cooperlake MAX_THREADS=64". */
  blasName(): string;
}

/** Typed arrays of 4-byte elements (the layout kernels move float32 and int32 alike). */
export type Word32Array = Float32Array | Int32Array;

/** Where native/install.mjs builds the addon, under the package root (a checkout or the installed package). */
export const ADDON_PATH = join(PACKAGE_ROOT, "native", "build", "Release", "archc_native.node");

/**
 * OpenBLAS threads unless ARCHC_NATIVE_THREADS=n says otherwise: 1, because a second thread bought
 * no wall time on the GEMM-heavy model's products on the shared 2-core machine (bench/native-threads.ts,
 * sum over the products: 0.91×, 1.06× and 0.99× the 1-thread speed in three runs at load average
 * 10–13) and costs CPU time (bench/native-training.ts's 2-thread rows). On an idle multi-core
 * machine set it to the core count.
 */
export const DEFAULT_BLAS_THREADS = 1;

let cached: NativeAddon | string | undefined;

/** The addon, or why there is none (one line). ARCHC_NATIVE=off disables it. */
export function loadAddon(): NativeAddon | string {
  if (cached !== undefined) return cached;
  if (process.env["ARCHC_NATIVE"] === "off") return "disabled by ARCHC_NATIVE=off";
  if (!existsSync(ADDON_PATH)) {
    cached =
      "the native addon is not built (needs a C++ compiler at npm install; " +
      "build it with `node native/install.mjs`)";
    return cached;
  }
  try {
    const addon = createRequire(import.meta.url)(ADDON_PATH) as NativeAddon;
    const threads = Number(process.env["ARCHC_NATIVE_THREADS"] ?? DEFAULT_BLAS_THREADS);
    addon.setThreads(threads > 0 ? threads : DEFAULT_BLAS_THREADS);
    cached = addon;
  } catch (err) {
    cached = `the native addon failed to load: ${String((err as Error).message ?? err).split("\n")[0]}`;
  }
  return cached;
}
