// The two GELUs of the language (spec/activations.ts): `gelu` is the exact x·Φ(x) (erf form,
// PyTorch's nn.GELU()), `gelu_tanh` GPT-2's tanh approximation. Values against float64 formulas,
// gradients against central finite differences of those formulas, no tensors left behind, and the
// two differ where the approximation is known to (about 1e-3 near |x| = 2).
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import { activation, gelu, geluTanh } from "../../runtime/index.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

/** erf by its Maclaurin series, exact to ~1e-12 in float64 for |x| ≤ 5. */
function erf(x: number): number {
  let term = x;
  let sum = x;
  for (let n = 1; n < 120; n++) {
    term *= (-x * x) / n;
    sum += term / (2 * n + 1);
  }
  return (2 / Math.sqrt(Math.PI)) * sum;
}

const exact = (x: number): number => 0.5 * x * (1 + erf(x / Math.SQRT2));
const approx = (x: number): number =>
  0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3)));

const XS = [-4, -3, -2, -1.5, -1, -0.5, -0.1, 0, 0.1, 0.5, 1, 1.5, 2, 3, 4];

describe("gelu (erf) and gelu_tanh", () => {
  it("the series erf is right (erf(1) = 0.8427007929497149)", () => {
    expect(erf(1)).toBeCloseTo(0.8427007929497149, 12);
    expect(exact(1)).toBeCloseTo(0.8413447460685429, 12); // Φ(1)
  });

  for (const [name, fn, ref] of [
    ["gelu", gelu, exact],
    ["gelu_tanh", geluTanh, approx],
  ] as const) {
    it(`${name}: values and gradients match the formula and its finite differences`, () => {
      const before = tf.memory().numTensors;
      const x = tf.tensor1d(XS);
      const yt = fn(x);
      const y = yt.arraySync() as number[];
      XS.forEach((v, i) => expect(Math.abs(y[i]! - ref(v)), `${name}(${v})`).toBeLessThan(2e-6));
      const gt = tf.grad((t: tf.Tensor) => tf.sum(fn(t)))(x);
      const g = gt.arraySync() as number[];
      const h = 1e-5;
      XS.forEach((v, i) => {
        const fd = (ref(v + h) - ref(v - h)) / (2 * h);
        expect(Math.abs(g[i]! - fd), `${name}'(${v})`).toBeLessThan(2e-5);
      });
      expect(activation(name)).toBe(fn);
      tf.dispose([x, yt, gt]);
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it("the two forms are different functions (the tanh form is off by up to ~2e-4 in [-4, 4])", () => {
    const x = tf.tensor1d(XS);
    const [ta, tb] = [gelu(x), geluTanh(x)];
    const a = ta.arraySync() as number[];
    const b = tb.arraySync() as number[];
    const gap = Math.max(...a.map((v, i) => Math.abs(v - b[i]!)));
    expect(gap).toBeGreaterThan(1e-4);
    expect(gap).toBeLessThan(1e-3);
    tf.dispose([x, ta, tb]);
  });
});
