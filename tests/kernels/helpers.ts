// Test helpers for the fast cpu kernels: run the same tfjs expression on the stock kernels and on
// the fast ones, and compare within a relative tolerance (error over the largest magnitude); the
// tiny hand-written GPT and its loss and gradients (gradients.test.ts, native-training.test.ts).
import * as tf from "../../runtime/tf.ts";
import { expect } from "vitest";
import { createGpt, randomBatch, type GptConfig } from "../../bench/hand-written/gpt.ts";
import { disableFastCpuKernels, enableFastCpuKernels } from "../../runtime/kernels/index.ts";
import { mulberry32 } from "../support/rng.ts";

export const REL_TOL = 1e-5;

/** Deterministic pseudo-random tensor (mulberry32), values in [lo, hi). */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): tf.Tensor {
  const next = mulberry32(seed);
  const n = shape.reduce((a, b) => a * b, 1);
  const v = new Float32Array(n);
  for (let i = 0; i < n; i++) v[i] = lo + (hi - lo) * next();
  return tf.tensor(v, shape);
}

export function relErr(fast: ArrayLike<number>, stock: ArrayLike<number>): number {
  let maxAbs = 0,
    maxErr = 0;
  for (let i = 0; i < stock.length; i++) {
    maxAbs = Math.max(maxAbs, Math.abs(stock[i]!));
    maxErr = Math.max(maxErr, Math.abs(fast[i]! - stock[i]!));
  }
  return maxAbs === 0 ? maxErr : maxErr / maxAbs;
}

/** Runs f with stock kernels and with fast kernels; returns both results as plain data. */
export function both(f: () => tf.Tensor | tf.Tensor[]): { stock: tf.Tensor[]; fast: tf.Tensor[] } {
  const run = (): tf.Tensor[] => {
    const r = tf.tidy(f);
    return Array.isArray(r) ? r : [r];
  };
  disableFastCpuKernels();
  const stock = run();
  enableFastCpuKernels();
  const fast = run();
  return { stock, fast };
}

/** Asserts fast ≈ stock (same shapes, dtypes, values within tol). */
export function expectSame(f: () => tf.Tensor | tf.Tensor[], tol = REL_TOL, label = ""): void {
  const { stock, fast } = both(f);
  expect(fast.length, label).toBe(stock.length);
  for (let i = 0; i < stock.length; i++) {
    const s = stock[i]!,
      q = fast[i]!;
    expect(q.shape, label).toEqual(s.shape);
    expect(q.dtype, label).toBe(s.dtype);
    const err = relErr(q.dataSync() as ArrayLike<number>, s.dataSync() as ArrayLike<number>);
    expect(err, `${label} rel err ${err}`).toBeLessThanOrEqual(tol);
    s.dispose();
    q.dispose();
  }
}

/** A tiny hand-written GPT (odd sizes: 3 heads of 8, context 9). */
export const TINY_GPT: GptConfig = {
  vocab: 37,
  d: 24,
  heads: 3,
  layers: 2,
  ctx: 9,
  batch: 3,
  lr: 1e-2,
  embedding: "gather",
  seed: 3,
};

/** The loss ("loss") and each parameter's gradient by name of one batch on the current backend. */
export function gptGradients(cfg: GptConfig): Map<string, Float32Array> {
  const gpt = createGpt(cfg);
  const { x, y } = randomBatch(cfg, 5);
  const { grads, value } = tf.variableGrads(() => gpt.loss(x, y), [...gpt.params.values()]);
  const out = new Map<string, Float32Array>();
  out.set("loss", value.dataSync() as Float32Array);
  for (const [name, p] of gpt.params) out.set(name, grads[p.name]!.dataSync() as Float32Array);
  tf.dispose([x, y, value, ...Object.values(grads)]);
  gpt.dispose();
  return out;
}
