// The addon's optimizer loops called directly (native/src/optim.cc): sumSquares (the global norm's
// Σg², summed in 16 double lanes) against exact sums and a serial double sum, at lengths around the
// lane count (the tail after the last full group of lanes), and adamwScaled against the tfjs-op
// AdamW on stock cpu (adamWOps of tf.mul(g, scale): the same float32 operations, so the same bits)
// at lengths around the vector widths.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { loadAddon, type NativeAddon } from "../../runtime/kernels/native/addon.ts";
import { adamWOps } from "../../runtime/optim/adamw-kernel.ts";
import { mulberry32 } from "../support/rng.ts";
import { nativeReason } from "./native-helpers.ts";

const addon = (): NativeAddon => loadAddon() as NativeAddon;

/** n seeded floats in [lo, hi). */
function floats(n: number, seed: number, lo = -1, hi = 1): Float32Array {
  const next = mulberry32(seed);
  return Float32Array.from({ length: n }, () => lo + (hi - lo) * next());
}

/** Lengths below, at and past the 16 lanes, and one with a tail after many groups. */
const LENGTHS = [0, 1, 15, 16, 17, 31, 1031];

describe.skipIf(nativeReason !== null)("native sumSquares", () => {
  it("is exact where every partial sum is (small integers), tail elements included", () => {
    for (const n of LENGTHS) {
      const x = Float32Array.from({ length: n }, (_, i) => (i % 7) - 3);
      const want = Array.from(x).reduce((s, v) => s + v * v, 0);
      expect(addon().sumSquares(x), `length ${n}`).toBe(want);
    }
    expect(addon().sumSquares(new Float32Array([3, 4]))).toBe(25);
  });

  // Either order of summing n terms ≥ 0 is within (n − 1)·2⁻⁵³ of the exact sum, relatively: the
  // two within n·2⁻⁵³ of each other (a dropped or doubled tail element is ~1e-6 off at 850k).
  it("equals the serial double sum within n·2⁻⁵³ relative (both orders' error bound)", () => {
    for (const n of [...LENGTHS.slice(1), 850_001]) {
      const x = floats(n, n, -3, 3);
      let serial = 0;
      for (const v of x) serial += v * v;
      const got = addon().sumSquares(x);
      expect(Math.abs(got - serial), `length ${n}`).toBeLessThanOrEqual(n * 2 ** -53 * serial);
    }
  });

  it("propagates NaN and infinity", () => {
    expect(addon().sumSquares(new Float32Array([1, NaN, 2]))).toBeNaN();
    expect(addon().sumSquares(new Float32Array(40).fill(1).fill(-Infinity, 33))).toBe(Infinity);
  });
});

afterAll(async () => {
  await tf.setBackend("cpu");
});

describe.skipIf(nativeReason !== null)("native adamwScaled", () => {
  const step = { beta1: 0.9, beta2: 0.95, eps: 1e-8, stepSize: 0.02, sqrtBc2: 0.3 };

  it("gives the bits of the tfjs-op AdamW of g·scale on cpu (tails, decay, scale 1, zeros)", async () => {
    await tf.setBackend("cpu");
    for (const n of [1, 7, 8, 9, 17, 1031])
      for (const [decay, scale] of [
        [1, 1],
        [0.999, 0.37],
        [1, 0],
      ] as const) {
        const [p, m, g] = [floats(n, 10 * n + 1), floats(n, 10 * n + 2), floats(n, 10 * n + 3)];
        const v = floats(n, 10 * n + 4, 0, 1e-3);
        if (n > 8) [v, g].forEach((x) => x.fill(0, 0, 3)); // v = g = 0: the denominator is ε
        const [op, om, ov] = [0, 1, 2].map(() => new Float32Array(n).fill(NaN)) as [
          Float32Array,
          Float32Array,
          Float32Array,
        ];
        const { beta1, beta2, eps, stepSize, sqrtBc2 } = step;
        const args = [beta1, beta2, eps, stepSize, sqrtBc2, decay, scale] as const;
        expect(addon().adamwScaled(p, m, v, g, op, om, ov, ...args)).toBe(0);
        const got = [op, om, ov];
        const want = tf.tidy(() => {
          const t = (x: Float32Array): tf.Tensor => tf.tensor1d(x);
          const gs = tf.mul(t(g), scale);
          return adamWOps(t(p), t(m), t(v), gs, { ...step, decay }).map((r) => r.dataSync());
        });
        ["p", "m", "v"].forEach((what, i) =>
          expect(got[i], `${what}, length ${n}, decay ${decay}, scale ${scale}`).toEqual(want[i]),
        );
      }
  });

  it("declines arrays of different lengths", () => {
    const a = (n: number): Float32Array => new Float32Array(n);
    const code = addon().adamwScaled(
      a(4),
      a(4),
      a(4),
      a(5),
      a(4),
      a(4),
      a(4),
      0.9,
      0.95,
      1e-8,
      1,
      1,
      1,
      1,
    );
    expect(code).not.toBe(0);
  });
});
