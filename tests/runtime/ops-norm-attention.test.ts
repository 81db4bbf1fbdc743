// Exactness of the runtime's norms and attention (cpu backend): hand formulas, autodiff of the
// plain formulas and a naive per-head attention loop; the causal-mask and position-table caches.
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  attend,
  causalMask,
  clearAttentionCache,
  growthMask,
  layerNorm,
  maskedLayerNorm,
  rmsNorm,
} from "../../runtime/index.ts";
import { attentionBias } from "../../runtime/ops/positional.ts";
import { expectClose, maxAbsDiff, randn } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

describe("norms", () => {
  it("layerNorm and rmsNorm match hand formulas", () => {
    const x = [1, 2, 4, -3];
    const mu = (1 + 2 + 4 - 3) / 4;
    const v = x.reduce((s, a) => s + (a - mu) ** 2, 0) / 4;
    const g = [1, 2, 0.5, -1];
    const b = [0.1, 0, -0.1, 0.2];
    const ln = layerNorm(tf.tensor2d([x]), tf.tensor1d(g), tf.tensor1d(b), 1e-5);
    expectClose(
      ln,
      tf.tensor2d([x.map((a, i) => ((a - mu) / Math.sqrt(v + 1e-5)) * g[i]! + b[i]!)]),
    );
    const rms = Math.sqrt(x.reduce((s, a) => s + a * a, 0) / 4 + 1e-6);
    expectClose(
      rmsNorm(tf.tensor2d([x]), tf.tensor1d(g), 1e-6),
      tf.tensor2d([x.map((a, i) => (a / rms) * g[i]!)]),
    );
  });

  it("fused layerNorm and rmsNorm gradients equal autodiff of the plain formulas", () => {
    const x = randn([2, 3, 6], 90);
    const g = randn([6], 91);
    const b = randn([6], 92);
    const w = randn([2, 3, 6], 93);
    const plainLN = (a: tf.Tensor, s: tf.Tensor, c: tf.Tensor): tf.Tensor => {
      const { mean, variance } = tf.moments(a, -1, true);
      return tf.add(tf.mul(tf.div(tf.sub(a, mean), tf.sqrt(tf.add(variance, 1e-5))), s), c);
    };
    const plainRMS = (a: tf.Tensor, s: tf.Tensor): tf.Tensor =>
      tf.mul(tf.div(a, tf.sqrt(tf.add(tf.mean(tf.square(a), -1, true), 1e-6))), s);
    const f = (fn: (...t: tf.Tensor[]) => tf.Tensor) =>
      tf.grads((...t: tf.Tensor[]) => tf.sum(tf.mul(fn(...t), w)));
    const ours = f((a, s, c) => layerNorm(a, s!, c!, 1e-5))([x, g, b]);
    f((a, s, c) => plainLN(a!, s!, c!))([x, g, b]).forEach((r, i) =>
      expectClose(ours[i]!, r, 1e-5),
    );
    const noBias = f((a, s) => layerNorm(a, s!, null, 1e-5))([x, g]);
    f((a, s) => plainLN(a!, s!, tf.zeros([6])))([x, g]).forEach((r, i) =>
      expectClose(noBias[i]!, r, 1e-5),
    );
    const rms = f((a, s) => rmsNorm(a, s!, 1e-6))([x, g]);
    f((a, s) => plainRMS(a!, s!))([x, g]).forEach((r, i) => expectClose(rms[i]!, r, 1e-5));
  });

  it("RMSNorm(λa) = RMSNorm(a)", () => {
    const a = randn([3, 5, 8], 1);
    const s = tf.ones([8]);
    expectClose(rmsNorm(tf.mul(a, 7.5), s, 0), rmsNorm(a, s, 0), 1e-5);
  });

  it("maskedLayerNorm with all-ones mask equals layerNorm", () => {
    const x = randn([2, 3, 6], 2);
    const g = randn([6], 3);
    const b = randn([6], 4);
    expectClose(maskedLayerNorm(x, g, b, tf.ones([6]), 1e-5), layerNorm(x, g, b, 1e-5), 1e-5);
  });

  it("maskedLayerNorm at c = 0: old coordinates equal the small model's LN, new ones are 0", () => {
    const small = randn([2, 3, 4], 5);
    const big = tf.concat([small, randn([2, 3, 2], 6)], -1); // new coordinates arbitrary
    const g = randn([6], 7);
    const b = randn([6], 8);
    const y = maskedLayerNorm(big, g, b, growthMask(6, 4, 0), 1e-5);
    const ref = layerNorm(small, g.slice(0, 4), b.slice(0, 4), 1e-5);
    expectClose(y.slice([0, 0, 0], [2, 3, 4]), ref, 1e-5);
    expect(tf.max(tf.abs(y.slice([0, 0, 4], [2, 3, 2]))).dataSync()[0]).toBe(0);
  });
});

/** Naive attention: a loop over batch and heads, with explicit masking. */
function naiveAttention(
  q: tf.Tensor,
  k: tf.Tensor,
  v: tf.Tensor,
  H: number,
  G: number,
  causal: boolean,
): tf.Tensor {
  const [B, T, D] = q.shape as [number, number, number];
  const dh = D / H;
  const rows: tf.Tensor[] = [];
  for (let b = 0; b < B; b++) {
    const heads: tf.Tensor[] = [];
    for (let h = 0; h < H; h++) {
      const g = Math.floor(h / (H / G));
      const qh = q.slice([b, 0, h * dh], [1, T, dh]).reshape([T, dh]);
      const kh = k.slice([b, 0, g * dh], [1, T, dh]).reshape([T, dh]);
      const vh = v.slice([b, 0, g * dh], [1, T, dh]).reshape([T, dh]);
      const s = tf.div(tf.matMul(qh, kh, false, true), Math.sqrt(dh)).arraySync() as number[][];
      const w = s.map((row, t) => {
        const vals = row.map((val, j) => (causal && j > t ? -Infinity : val));
        const m = Math.max(...vals);
        const e = vals.map((val) => Math.exp(val - m));
        const z = e.reduce((a, c) => a + c, 0);
        return e.map((val) => val / z);
      });
      heads.push(tf.matMul(tf.tensor2d(w), vh));
    }
    rows.push(tf.concat(heads, 1));
  }
  return tf.stack(rows);
}

describe("attention", () => {
  for (const [H, G, causal] of [
    [4, 4, true],
    [4, 2, true],
    [4, 1, false],
    [2, 2, false],
  ] as const) {
    it(`matches a naive per-head loop (heads ${H}, kv_heads ${G}, causal ${causal})`, () => {
      tf.tidy(() => {
        const q = randn([2, 5, 4 * H], 10);
        const k = randn([2, 5, 4 * G], 11);
        const v = randn([2, 5, 4 * G], 12);
        expectClose(
          attend(q, k, v, { heads: H, kvHeads: G, causal }),
          naiveAttention(q, k, v, H, G, causal),
          1e-5,
        );
      });
    });
  }

  it("causal: future tokens do not affect earlier outputs", () => {
    tf.tidy(() => {
      const q = randn([1, 6, 8], 20);
      const k = randn([1, 6, 8], 21);
      const v = randn([1, 6, 8], 22);
      const y1 = attend(q, k, v, { heads: 2 });
      // change positions 4.. of k and v
      const k2 = tf.concat([k.slice([0, 0, 0], [1, 4, 8]), randn([1, 2, 8], 23)], 1);
      const v2 = tf.concat([v.slice([0, 0, 0], [1, 4, 8]), randn([1, 2, 8], 24)], 1);
      const y2 = attend(q, k2, v2, { heads: 2 });
      expect(maxAbsDiff(y1.slice([0, 0, 0], [1, 4, 8]), y2.slice([0, 0, 0], [1, 4, 8]))).toBe(0);
      expect(maxAbsDiff(y1, y2)).toBeGreaterThan(1e-3);
    });
  });

  it("causal masks are cached for the most recent sizes only", () => {
    clearAttentionCache();
    const before = tf.memory().numTensors;
    const first = causalMask(3);
    expect(causalMask(3)).toBe(first);
    expect(causalMask(2, 4).arraySync()).toEqual([
      [0, 0, 0, -1e9],
      [0, 0, 0, 0],
    ]);
    for (let T = 4; T < 20; T++) causalMask(T);
    expect(tf.memory().numTensors - before).toBe(8);
    expect(first.isDisposed).toBe(true);
    clearAttentionCache();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("position tables are cached per size and bounded: models of many contexts keep at most 8", () => {
    clearAttentionCache();
    const before = tf.memory().numTensors;
    const first = attentionBias(2, 4, 4, 0, true, true);
    expect(attentionBias(2, 4, 4, 0, true, true)).toBe(first);
    expect(tf.memory().numTensors - before).toBe(1);
    for (let ctx = 5; ctx < 25; ctx++) attentionBias(2, ctx, ctx, 0, true, true);
    expect(tf.memory().numTensors - before).toBe(8);
    expect(first.isDisposed).toBe(true);
    clearAttentionCache();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("kvHeads = heads is MHA; GQA equals MHA with repeated K/V heads", () => {
    tf.tidy(() => {
      const q = randn([2, 4, 12], 30);
      const k = randn([2, 4, 6], 31); // 2 kv heads of 3
      const v = randn([2, 4, 6], 32);
      expectClose(attend(q, q, q, { heads: 4, kvHeads: 4 }), attend(q, q, q, { heads: 4 }), 0);
      const rep = (t: tf.Tensor): tf.Tensor => {
        const [a, b] = tf.split(t, 2, 2);
        return tf.concat([a!, a!, b!, b!], 2); // head h uses kv head ⌊h/2⌋
      };
      expectClose(
        attend(q, k, v, { heads: 4, kvHeads: 2 }),
        attend(q, rep(k), rep(v), { heads: 4 }),
        1e-5,
      );
    });
  });
});
