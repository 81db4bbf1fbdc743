// The whole optimizer step of a training step — global-norm clipping (clip.ts) and AdamW's update of
// every parameter (adamw-kernel.ts) — as one kernel call on the native backend, instead of four
// tfjs kernels per parameter for the clipping (Square, Sum, Add, Multiply) and one for its update:
// on examples/gpt.arch 68 parameters, ~340 of a step's ~1000 kernel calls, each paying the
// engine's bookkeeping. The addon sums Σg² in double (sumSquares, in lanes: the norm may differ
// from a serial sum in its last bits) and updates each parameter in float32 with its gradient
// scaled by the clipping factor, the bits of tf.mul(g, factor) then the AdamW kernel
// (adamwScaled; native/src/optim.cc).
// Only on native with its fused kernels on (ARCHC_NATIVE_FUSED=off: the composed path).
import * as tf from "../tf.ts";
import {
  addon as nativeAddon,
  check,
  fusedKernels,
  views,
  type FusedArgs,
} from "../kernels/native/fused-common.ts";
import { take } from "../kernels/native/pool.ts";
import type { CpuBackend } from "../kernels/util.ts";
import { clipFactor } from "./clip.ts";
import type { AdamWStep } from "./adamw-kernel.ts";

export const ADAMW_ALL_KERNEL = "ArchcAdamWAll";

/** One parameter's tensors: the parameter, its two moments and its (unclipped) gradient. */
export interface AdamWSlot {
  readonly p: tf.Tensor;
  readonly m: tf.Tensor;
  readonly v: tf.Tensor;
  readonly g: tf.Tensor;
  /** 1 − lr·weight_decay for decayed parameters, else 1. */
  readonly decay: number;
}

type Attrs = Omit<AdamWStep, "decay"> & { maxNorm: number; decays: number[] };

/** Inputs p0, m0, v0, g0, p1, …; outputs [norm, p0', m0', v0', p1', …]. */
function kernel(args: FusedArgs): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const a = args.attrs as unknown as Attrs;
  const n = a.decays.length;
  const names = (i: number): string[] => [`p${i}`, `m${i}`, `v${i}`, `g${i}`];
  const addon = nativeAddon();
  let sq = 0; // Σ g² over every gradient, in double
  for (let i = 0; i < n; i++) sq += addon.sumSquares(views(args, [`g${i}`])[0]!);
  const norm = Math.sqrt(sq);
  const factor = clipFactor(norm, a.maxNorm);
  const outs: tf.TensorInfo[] = [be.makeTensorInfo([], "float32", new Float32Array([norm]))];
  for (let i = 0; i < n; i++) {
    const [p, m, v, g] = views(args, names(i)) as [Float32Array, ...Float32Array[]];
    const [op, om, ov] = [0, 1, 2].map(() => take(p.length)); // every element written
    const code = addon.adamwScaled(
      p,
      m!,
      v!,
      g!,
      op!,
      om!,
      ov!,
      a.beta1,
      a.beta2,
      a.eps,
      a.stepSize,
      a.sqrtBc2,
      a.decays[i]!,
      factor,
    );
    check(ADAMW_ALL_KERNEL, code);
    const shape = [...args.inputs[`p${i}`]!.shape];
    for (const values of [op!, om!, ov!]) outs.push(be.makeTensorInfo(shape, "float32", values));
  }
  return outs;
}

/** Whether adamWAll can run now: native, fused kernels on, an addon with its entry points. */
export function adamWAllAvailable(): boolean {
  return fusedKernels(["adamwScaled", "sumSquares"], [ADAMW_ALL_KERNEL, kernel]);
}

/** Whether adamWAll takes these slots: float32 throughout, moments and gradient of p's size. */
export function adamWAllTakes(slots: readonly AdamWSlot[]): boolean {
  return slots.every(({ p, m, v, g }) =>
    [p, m, v, g].every((t) => t.dtype === "float32" && t.size === p.size),
  );
}

/**
 * Clips the gradients by their global norm (maxNorm ≤ 0 or ∞: no clipping) and applies one AdamW
 * step to every slot in one kernel call. Returns the norm before clipping and each slot's new
 * [p, m, v] (new tensors; the caller assigns them). Call only where adamWAllAvailable and adamWAllTakes.
 */
export function adamWAll(
  slots: readonly AdamWSlot[],
  step: Omit<AdamWStep, "decay">,
  maxNorm: number,
): { norm: tf.Scalar; updated: tf.Tensor[][] } {
  const inputs: Record<string, tf.Tensor> = {};
  slots.forEach(({ p, m, v, g }, i) =>
    Object.assign(inputs, { [`p${i}`]: p, [`m${i}`]: m, [`v${i}`]: v, [`g${i}`]: g }),
  );
  const attrs = { ...step, maxNorm, decays: slots.map((s) => s.decay) };
  const out = tf
    .engine()
    .runKernel(ADAMW_ALL_KERNEL, inputs, attrs as unknown as tf.NamedAttrMap) as tf.Tensor[];
  const updated = slots.map((_, i) => out.slice(1 + 3 * i, 4 + 3 * i));
  return { norm: out[0] as tf.Scalar, updated };
}
