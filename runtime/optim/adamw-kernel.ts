// AdamW's per-parameter update as one kernel: m, v and the parameter in one loop, instead of the
// fourteen elementwise tfjs ops (each a kernel launch, most on tensors of a few thousand floats)
// of adamWOps, which backends without the kernel still run. Registered for the wasm backend (on views of wasm
// memory), the cpu backends (on their typed arrays) and native (the same loop in C++,
// native/src/optim.cc); elsewhere AdamW keeps the tfjs ops.
// Outputs are new tensors (p, m, v are replaced by assign), so clones of the old values, such as
// a checkpoint being written, are never changed underneath.
import * as tf from "../tf.ts";
import { FAST_CPU_BACKEND } from "../kernels/index.ts";
import { loadAddon } from "../kernels/native/addon.ts";
import { take } from "../kernels/native/pool.ts";
import { NATIVE_BACKEND } from "../kernels/native/register.ts";
import { f32, sizeOf, type CpuBackend } from "../kernels/util.ts";
import { heapView, type WasmBackendInternals } from "../kernels/wasm-heap.ts";

export const ADAMW_KERNEL = "ArchcAdamWUpdate";

export interface AdamWStep {
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  /** lr / (1 − β1^t): the step size with m's bias correction. */
  readonly stepSize: number;
  /** √(1 − β2^t): v's bias correction under the square root. */
  readonly sqrtBc2: number;
  /** 1 − lr·weight_decay for decayed parameters, else 1. */
  readonly decay: number;
}

type Views = { p: Float32Array; m: Float32Array; v: Float32Array; g: Float32Array };

/**
 * m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²; p ← p·decay − (m / (√v/√bc2 + ε))·stepSize, in
 * float32 (each operation rounded by fround, the constants too): the operations and order of
 * adamWOps on float32 tensors, and of the C++ loop (native/src/optim.cc), so all give the same bits.
 * PyTorch computes AdamW on float32 parameters in float32 too.
 */
function update(x: Views, out: Views, s: AdamWStep): void {
  const f = Math.fround;
  const [beta1, beta2, c1, c2] = [f(s.beta1), f(s.beta2), f(1 - s.beta1), f(1 - s.beta2)];
  const [eps, stepSize, sqrtBc2, decay] = [f(s.eps), f(s.stepSize), f(s.sqrtBc2), f(s.decay)];
  for (let i = 0; i < x.g.length; i++) {
    const g = x.g[i]!;
    const m = f(f(beta1 * x.m[i]!) + f(c1 * g));
    const v = f(f(beta2 * x.v[i]!) + f(c2 * f(g * g)));
    out.m[i] = m;
    out.v[i] = v;
    const denom = f(f(f(Math.sqrt(v)) / sqrtBc2) + eps);
    out.p[i] = f(x.p[i]! * decay) - f(f(m / denom) * stepSize); // rounded by the store
  }
}

type Args = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };
const NAMES = ["p", "m", "v", "g"] as const;

function wasmKernel(args: Args): tf.TensorInfo[] {
  const be = args.backend as WasmBackendInternals;
  const p = args.inputs["p"]!;
  const outs = [0, 1, 2].map(() => be.makeOutput([...p.shape], "float32"));
  const n = sizeOf(p.shape);
  // views after every makeOutput: an allocation may grow (replace) the heap
  const view = (t: tf.TensorInfo): Float32Array => heapView(be, t, n) as Float32Array;
  const x = Object.fromEntries(NAMES.map((k) => [k, view(args.inputs[k]!)])) as Views;
  const [op, om, ov] = outs.map(view);
  update(x, { p: op!, m: om!, v: ov!, g: x.g }, args.attrs as unknown as AdamWStep);
  return outs;
}

function cpuKernel(args: Args): tf.TensorInfo[] {
  const be = args.backend as CpuBackend;
  const p = args.inputs["p"]!;
  const x = Object.fromEntries(NAMES.map((k) => [k, f32(be, args.inputs[k]!)!])) as Views;
  const [op, om, ov] = [0, 1, 2].map(() => new Float32Array(x.p.length));
  update(x, { p: op!, m: om!, v: ov!, g: x.g }, args.attrs as unknown as AdamWStep);
  return [op!, om!, ov!].map((values) => be.makeTensorInfo([...p.shape], "float32", values));
}

/** The C++ loop of the addon (the bits of update()); the JS loop if the addon declines. */
function nativeKernel(args: Args): tf.TensorInfo[] {
  const addon = loadAddon();
  if (typeof addon === "string") return cpuKernel(args);
  const be = args.backend as CpuBackend;
  const p = args.inputs["p"]!;
  const x = Object.fromEntries(NAMES.map((k) => [k, f32(be, args.inputs[k]!)!])) as Views;
  const outs = [0, 1, 2].map(() => take(x.p.length)); // every element written
  const s = args.attrs as unknown as AdamWStep;
  const [beta1, beta2, eps, stepSize, sqrtBc2, decay] = [
    s.beta1,
    s.beta2,
    s.eps,
    s.stepSize,
    s.sqrtBc2,
    s.decay,
  ];
  const done = addon.adamw(
    x.p,
    x.m,
    x.v,
    x.g,
    outs[0]!,
    outs[1]!,
    outs[2]!,
    beta1,
    beta2,
    eps,
    stepSize,
    sqrtBc2,
    decay,
  );
  if (done !== 0) return cpuKernel(args);
  return outs.map((values) => be.makeTensorInfo([...p.shape], "float32", values));
}

let registered = false;

function ensureRegistered(): void {
  if (registered) return;
  const kernels: [string, (a: Args) => tf.TensorInfo[]][] = [
    ["wasm", wasmKernel],
    ["cpu", cpuKernel],
    [FAST_CPU_BACKEND, cpuKernel],
    [NATIVE_BACKEND, nativeKernel],
  ];
  for (const [backendName, fn] of kernels)
    if (tf.getKernel(ADAMW_KERNEL, backendName) === undefined)
      tf.registerKernel({ kernelName: ADAMW_KERNEL, backendName, kernelFunc: fn as tf.KernelFunc });
  registered = true;
}

/** New [p, m, v] after one AdamW step: the fused kernel where the backend has it, else tfjs ops. */
export function adamWUpdate(
  p: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  step: AdamWStep,
): tf.Tensor[] {
  return fusedAdamW(p, m, v, g, step) ?? adamWOps(p, m, v, g, step);
}

/** The same update as elementwise tfjs ops (backends without the kernel). */
export function adamWOps(
  p: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  s: AdamWStep,
): tf.Tensor[] {
  const m1 = tf.add(tf.mul(m, s.beta1), tf.mul(g, 1 - s.beta1));
  const v1 = tf.add(tf.mul(v, s.beta2), tf.mul(tf.square(g), 1 - s.beta2));
  // lr·m̂/(√v̂ + ε) = (lr/bc1)·m / (√v/√bc2 + ε)
  const denom = tf.add(tf.div(tf.sqrt(v1), s.sqrtBc2), s.eps);
  const theta = s.decay === 1 ? p : tf.mul(p, s.decay);
  return [tf.sub(theta, tf.mul(tf.div(m1, denom), s.stepSize)), m1, v1];
}

/** New [p, m, v] after one AdamW step, or null where the backend has no kernel. */
function fusedAdamW(
  p: tf.Tensor,
  m: tf.Tensor,
  v: tf.Tensor,
  g: tf.Tensor,
  step: AdamWStep,
): tf.Tensor[] | null {
  ensureRegistered();
  if (tf.getKernel(ADAMW_KERNEL, tf.getBackend()) === undefined) return null;
  if ([p, m, v, g].some((t) => t.dtype !== "float32" || t.size !== p.size)) return null;
  const attrs = step as unknown as tf.NamedAttrMap;
  return tf.engine().runKernel(ADAMW_KERNEL, { p, m, v, g }, attrs) as tf.Tensor[];
}
