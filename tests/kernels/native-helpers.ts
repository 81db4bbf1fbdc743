// Helpers for the native backend's tests: run one tfjs expression on stock `cpu` and on `native`
// and compare within a relative tolerance (expectNative on tensors, expectNativeRun on a run's read-back
// values, the fused kernels' tests); `nativeReason` is null when the addon is built (the
// tests skip with that reason otherwise).
import * as tf from "../../runtime/tf.ts";
import { expect } from "vitest";
import { registerNativeBackend } from "../../runtime/kernels/native/register.ts";
import { relErr } from "./helpers.ts";

export const nativeReason: string | null = registerNativeBackend();
if (nativeReason !== null) console.log(`[native] skipped: ${nativeReason}`); // the suite passes without the addon

/** Max error over the largest finite magnitude; NaN and infinities must match exactly (else Infinity). */
export function relErrExact(got: ArrayLike<number>, want: ArrayLike<number>): number {
  let maxAbs = 0,
    maxErr = 0;
  for (let i = 0; i < want.length; i++) {
    const w = want[i]!,
      g = got[i]!;
    if (!Number.isFinite(w) || !Number.isFinite(g)) {
      if (!Object.is(w, g) && !(Number.isNaN(w) && Number.isNaN(g))) return Infinity;
      continue;
    }
    maxAbs = Math.max(maxAbs, Math.abs(w));
    maxErr = Math.max(maxErr, Math.abs(g - w));
  }
  return maxAbs === 0 ? maxErr : maxErr / maxAbs;
}

async function on(backend: string, f: () => tf.Tensor | tf.Tensor[]): Promise<tf.Tensor[]> {
  await tf.setBackend(backend);
  const r = tf.tidy(f);
  return Array.isArray(r) ? r : [r];
}

/** Asserts native ≈ stock cpu (shapes, dtypes, values within tol) and that native leaks nothing. */
export async function expectNative(
  f: () => tf.Tensor | tf.Tensor[],
  tol = 1e-5,
  label = "",
  reference: () => tf.Tensor | tf.Tensor[] = f,
): Promise<void> {
  const stock = await on("cpu", reference);
  await tf.setBackend("native");
  const before = tf.memory().numTensors;
  const got = await on("native", f);
  expect(tf.memory().numTensors - before, `${label} tensors kept`).toBe(got.length);
  expect(got.length, label).toBe(stock.length);
  for (let i = 0; i < stock.length; i++) {
    const s = stock[i]!,
      q = got[i]!;
    expect(q.shape, label).toEqual(s.shape);
    expect(q.dtype, label).toBe(s.dtype);
    const err = relErrExact(q.dataSync() as ArrayLike<number>, s.dataSync() as ArrayLike<number>);
    expect(err, `${label} rel err ${err}`).toBeLessThanOrEqual(tol);
  }
  tf.dispose([...stock, ...got]);
}

/**
 * Asserts that `run` on native (after one warm-up run: kernel registration) keeps no tensors and
 * returns the values it returns on stock cpu within tol, one relErr per entry of `names` (the
 * labels of run's outputs, in order; null: not compared here); returns native's values.
 */
export async function expectNativeRun(
  run: (backend: string) => Promise<Float32Array[]>,
  names: readonly (string | null)[],
  tol: number,
): Promise<Float32Array[]> {
  const want = await run("cpu");
  await run("native"); // warm-up (kernel registration)
  const before = tf.memory().numTensors;
  const got = await run("native");
  expect(tf.memory().numTensors - before, "tensors left").toBe(0);
  names.forEach((n, i) => {
    if (n === null) return;
    const err = relErr(got[i]!, want[i]!);
    expect(err, `${n}: ${err}`).toBeLessThanOrEqual(tol);
  });
  return got;
}
