// The native addon's branch-free exp, tanh, sigmoid and erf (native/src/vmath.h) within 2 ulp of
// the correctly rounded float of the double-precision function (Math.exp/tanh; erf by its Taylor
// series in double below |x| 4, where erf rounds to ±1 in float), over a dense grid, log-spaced
// magnitudes of both signs, denormals, the thresholds of each formula, ±FLT_MAX, ±inf and NaN; softmax (its exp)
// against a double-precision softmax. Skipped where the addon is not built.
import { describe, expect, it } from "vitest";
import { loadAddon, type NativeAddon } from "../../runtime/kernels/native/addon.ts";
import { NATIVE_UNARY } from "../../runtime/kernels/native/kernels.ts";
import { nativeReason } from "./native-helpers.ts";

const addon = loadAddon();
const FLT_MAX = 3.4028234663852886e38;

/** Distance in units in the last place between two floats (0 for two NaNs, Infinity for one). */
function ulps(a: number, b: number): number {
  if (Number.isNaN(a) || Number.isNaN(b)) return Number.isNaN(a) && Number.isNaN(b) ? 0 : Infinity;
  const bits = new Int32Array(new Float32Array([a, b]).buffer);
  const ord = (i: number): number => (i < 0 ? -2147483648 - i : i);
  return Math.abs(ord(bits[0]!) - ord(bits[1]!));
}

/** erf in double: the Maclaurin series below |x| 4 (cancellation leaves ~1e-9), ±1 beyond. */
function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (Math.abs(x) >= 4) return Math.sign(x);
  let term = x,
    sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

function inputs(range: number, thresholds: number[]): Float32Array {
  const xs: number[] = [0, -0, NaN, Infinity, -Infinity, FLT_MAX, -FLT_MAX, 1e-45, -1e-45, 1e-38];
  for (let i = 0; i <= 20000; i++) xs.push(-range + (2 * range * i) / 20000); // dense grid
  for (let e = -40; e <= 38; e += 0.05) xs.push(10 ** e, -(10 ** e)); // magnitudes
  for (const t of thresholds)
    // each side of a formula's switch point
    for (let k = -8; k <= 8; k++) {
      const f = Math.fround(t);
      xs.push(f + k * 2 ** (Math.floor(Math.log2(Math.abs(f))) - 23));
    }
  return Float32Array.from(xs);
}

function worst(
  a: NativeAddon,
  op: (typeof NATIVE_UNARY)[number],
  xs: Float32Array,
  ref: (x: number) => number,
): { ulps: number; at: number } {
  const out = new Float32Array(xs.length);
  expect(a.unary(NATIVE_UNARY.indexOf(op), xs, out)).toBe(0);
  let w = { ulps: 0, at: NaN };
  for (let i = 0; i < xs.length; i++) {
    const d = ulps(out[i]!, Math.fround(ref(xs[i]!)));
    if (d > w.ulps) w = { ulps: d, at: xs[i]! };
  }
  return w;
}

describe.skipIf(nativeReason !== null)("native vmath (exp, tanh, sigmoid, erf)", () => {
  const a = addon as NativeAddon;
  const cases: [(typeof NATIVE_UNARY)[number], number, number[], (x: number) => number][] = [
    ["Exp", 110, [88.7228394, -87.3365448, -103.972084, 0.34657359, -0.34657359], Math.exp],
    ["Tanh", 12, [0.625, -0.625, 9.01, -9.01], Math.tanh],
    ["Sigmoid", 110, [87.3, -88.7, 16.6, -16.6], (x) => 1 / (1 + Math.exp(-x))],
    ["Erf", 6, [0.927734375, -0.927734375, 3.9192059, -3.9192059], erf],
  ];
  for (const [op, range, thresholds, ref] of cases)
    it(`${op} within 2 ulp, extremes, NaN and ±inf`, () => {
      const w = worst(a, op, inputs(range, thresholds), ref);
      if (process.env["VMATH_REPORT"] !== undefined)
        console.log(`${op}: worst ${w.ulps} ulp at ${w.at}`);
      expect(w.ulps, `${op} worst at x = ${w.at}`).toBeLessThanOrEqual(2);
    });

  it("limits: exp(±inf), tanh(±inf), erf(±inf), NaN in → NaN out", () => {
    const xs = Float32Array.from([Infinity, -Infinity, NaN]);
    const run = (op: (typeof NATIVE_UNARY)[number]): number[] => {
      const out = new Float32Array(3);
      a.unary(NATIVE_UNARY.indexOf(op), xs, out);
      return Array.from(out);
    };
    expect(run("Exp")).toEqual([Infinity, 0, NaN]);
    expect(run("Tanh")).toEqual([1, -1, NaN]);
    expect(run("Erf")).toEqual([1, -1, NaN]);
    expect(run("Sigmoid")).toEqual([1, 0, NaN]);
  });

  it("softmax rows (odd widths, large and -inf logits) match a double-precision softmax", () => {
    for (const cols of [1, 3, 17, 256]) {
      const rows = 5;
      const x = Float32Array.from({ length: rows * cols }, (_, i) => ((i * 7919) % 97) / 3 - 16);
      if (cols > 1) {
        x[0] = -Infinity;
        x[cols + 1] = 80;
      }
      const out = new Float32Array(x.length);
      expect(a.softmax(x, out, cols)).toBe(0);
      for (let r = 0; r < rows; r++) {
        const row = Array.from(x.subarray(r * cols, (r + 1) * cols));
        const m = Math.max(...row);
        const e = row.map((v) => Math.exp(Math.fround(v - m))); // x − max rounds in float there too
        const s = e.reduce((p, q) => p + q, 0);
        for (let j = 0; j < cols; j++) {
          const want = e[j]! / s;
          const got = out[r * cols + j]!;
          expect(Math.abs(got - want), `cols ${cols} row ${r} col ${j}`).toBeLessThanOrEqual(
            6e-7 * Math.max(want, 1e-30) + 1e-37, // exp (≤ 2 ulp), the float sum, 1/s and the product
          );
        }
      }
    }
  });
});
