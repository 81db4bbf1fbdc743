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
  /** One float32 AdamW step of runtime/optim/adamw-kernel.ts into outP, outM, outV (equal lengths). */
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
  /** adamw with the gradient first scaled by gradScale in float32 (clipping; runtime/optim/adamw-all.ts). */
  adamwScaled(
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
    gradScale: number,
  ): number;
  /** Σ x² summed in double (in lanes: not a serial sum's last bits). */
  sumSquares(x: Float32Array): number;
  /** Fused attention core forward (native/src/fused_attention.cc): out [blocks·R·dh], lse [blocks·R]. */
  attentionFwd(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    out: Float32Array,
    lse: Float32Array,
    ...sizes: AttentionSizes
  ): number;
  /** Its backward: dq, dk, dv from the inputs, the forward's lse and dy. */
  attentionBwd(
    q: Float32Array,
    k: Float32Array,
    v: Float32Array,
    lse: Float32Array,
    dy: Float32Array,
    dq: Float32Array,
    dk: Float32Array,
    dv: Float32Array,
    ...sizes: AttentionSizes
  ): number;
  /** Fused cross-entropy forward (native/src/fused_xent.cc): lse [N] and the mean loss [1]. */
  xentFwd(logits: Float32Array, targets: Int32Array, lse: Float32Array, loss: Float32Array): number;
  /** Its backward: dlogits = (softmax − onehot)·dy/N. */
  xentBwd(
    logits: Float32Array,
    targets: Int32Array,
    lse: Float32Array,
    dy: number,
    dlogits: Float32Array,
  ): number;
  /** LayerNorm (center 1) / RMSNorm (center 0) forward (native/src/fused_norm.cc); bias [] for none. */
  normFwd(
    x: Float32Array,
    scale: Float32Array,
    bias: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    eps: number,
    center: number,
  ): number;
  /** Its backward: dx, d scale and d bias (length 0 for none). */
  normBwd(
    x: Float32Array,
    scale: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    dx: Float32Array,
    dscale: Float32Array,
    dbias: Float32Array,
    center: number,
  ): number;
  /** Residual add and LayerNorm / RMSNorm forward (fused_norm.cc): sum = a + b, y = norm(sum). */
  addNormFwd(
    a: Float32Array,
    b: Float32Array,
    scale: Float32Array,
    bias: Float32Array,
    sum: Float32Array,
    y: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    eps: number,
    center: number,
  ): number;
  /** Its backward: dx = d sum (length 0 for none) + the norm's dx; d scale, d bias. */
  addNormBwd(
    sum: Float32Array,
    scale: Float32Array,
    mean: Float32Array,
    rstd: Float32Array,
    dy: Float32Array,
    dsum: Float32Array,
    dx: Float32Array,
    dscale: Float32Array,
    dbias: Float32Array,
    center: number,
  ): number;
  /** Activation forward (native/src/fused_act.cc), op from ACT_OPS (fused-act.ts). */
  actFwd(op: number, x: Float32Array, y: Float32Array): number;
  /** Its backward: dx = dy·f'(x). */
  actBwd(op: number, x: Float32Array, dy: Float32Array, dx: Float32Array): number;
  /** Linear epilogue forward (native/src/fused_linear_act.cc): z += bias (in place), y = f(z). */
  biasActFwd(
    op: number,
    z: Float32Array,
    bias: Float32Array,
    y: Float32Array,
    cols: number,
  ): number;
  /** Its backward: dz = dy·f'(z) and dbias = Σ_rows dz (bias length 0: none). */
  biasActBwd(
    op: number,
    z: Float32Array,
    dy: Float32Array,
    dz: Float32Array,
    dbias: Float32Array,
    cols: number,
  ): number;
  /** Sets the BLAS thread count (n > 0) and returns the count in force. */
  setThreads(n: number): number;
  /** The BLAS in use, e.g. "OpenBLAS 0.3.21 … Cooperlake MAX_THREADS=64". */
  blasName(): string;
  /** Fused attention reading qkv [B, T, (H + 2G)·dh] packed: out [B, T, H·dh], lse [B·H·T]. */
  attentionPackedFwd(
    qkv: Float32Array,
    out: Float32Array,
    lse: Float32Array,
    ...sizes: PackedAttentionSizes
  ): number;
  /** Its backward: d qkv packed [B, T, (H + 2G)·dh] from dy [B, T, H·dh]. */
  attentionPackedBwd(
    qkv: Float32Array,
    lse: Float32Array,
    dy: Float32Array,
    dqkv: Float32Array,
    ...sizes: PackedAttentionSizes
  ): number;
}

/** [blocks, R = r·T rows, T queries, S keys, dh, causal 0/1] of the fused attention kernels. */
export type AttentionSizes = [number, number, number, number, number, number];
/** [B, T, H query heads, G K/V heads, dh, causal 0/1, scale] of the packed attention kernels. */
export type PackedAttentionSizes = [number, number, number, number, number, number, number];

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

/**
 * Whether the fused native kernels (fused-*.ts: attention, cross-entropy) replace the composed
 * tfjs ops on the native backend: yes unless ARCHC_NATIVE_FUSED=off (read per call, so a test or
 * benchmark can compare both in one process).
 */
export function nativeFusedOn(): boolean {
  return process.env["ARCHC_NATIVE_FUSED"] !== "off";
}

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
