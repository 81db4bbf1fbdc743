// The addon's optimizer loops called directly (native/src/optim.cc): sumSquares (the global norm's
// Σg², summed in 16 double lanes) against exact sums and a serial double sum, at lengths around the
// lane count (the tail after the last full group of lanes), and adamw / adamwScaled against the JS
// loop of runtime/optim/adamw-kernel.ts at lengths around the vector widths.
import { describe, expect, it } from "vitest";
import { loadAddon, type NativeAddon } from "../../runtime/kernels/native/addon.ts";
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
