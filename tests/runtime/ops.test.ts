// Exactness tests of the runtime ops against hand formulas and naive loops (cpu backend).
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  attend,
  causalMask,
  clearAttentionCache,
  crossEntropy,
  dwaCombine,
  embed,
  gelu,
  geluTanh,
  growthMask,
  layerNorm,
  linear,
  maskedLayerNorm,
  positions,
  rmsNorm,
  silu,
  sinusoidalPositions,
  setEmbeddingGradient,
  stopGradient,
  dropout,
} from "../../runtime/index.ts";
import { attentionBias } from "../../runtime/ops/positional.ts";
import { expectClose, maxAbsDiff } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

const rand = (shape: number[], seed: number): tf.Tensor =>
  tf.randomNormal(shape, 0, 1, "float32", seed);

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
    const x = rand([2, 3, 6], 90);
    const g = rand([6], 91);
    const b = rand([6], 92);
    const w = rand([2, 3, 6], 93);
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
    const a = rand([3, 5, 8], 1);
    const s = tf.ones([8]);
    expectClose(rmsNorm(tf.mul(a, 7.5), s, 0), rmsNorm(a, s, 0), 1e-5);
  });

  it("maskedLayerNorm with all-ones mask equals layerNorm", () => {
    const x = rand([2, 3, 6], 2);
    const g = rand([6], 3);
    const b = rand([6], 4);
    expectClose(maskedLayerNorm(x, g, b, tf.ones([6]), 1e-5), layerNorm(x, g, b, 1e-5), 1e-5);
  });

  it("maskedLayerNorm at c = 0: old coordinates equal the small model's LN, new ones are 0", () => {
    const small = rand([2, 3, 4], 5);
    const big = tf.concat([small, rand([2, 3, 2], 6)], -1); // new coordinates arbitrary
    const g = rand([6], 7);
    const b = rand([6], 8);
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
        const q = rand([2, 5, 4 * H], 10);
        const k = rand([2, 5, 4 * G], 11);
        const v = rand([2, 5, 4 * G], 12);
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
      const q = rand([1, 6, 8], 20);
      const k = rand([1, 6, 8], 21);
      const v = rand([1, 6, 8], 22);
      const y1 = attend(q, k, v, { heads: 2 });
      // change positions 4.. of k and v
      const k2 = tf.concat([k.slice([0, 0, 0], [1, 4, 8]), rand([1, 2, 8], 23)], 1);
      const v2 = tf.concat([v.slice([0, 0, 0], [1, 4, 8]), rand([1, 2, 8], 24)], 1);
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
      const q = rand([2, 4, 12], 30);
      const k = rand([2, 4, 6], 31); // 2 kv heads of 3
      const v = rand([2, 4, 6], 32);
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

describe("embedding, positions, loss", () => {
  it("embedding gradient equals the gather-based gradient", () => {
    const table = rand([7, 3], 40);
    const tokens = tf.tensor2d(
      [
        [1, 3, 3],
        [6, 0, 1],
      ],
      [2, 3],
      "int32",
    );
    const w = rand([2, 3, 3], 41);
    const ref = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tokens), w)))(table);
    for (const mode of ["onehot", "segment"] as const) {
      setEmbeddingGradient(mode);
      expectClose(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embed(tokens, t), w)))(table), ref, 1e-6);
    }
    setEmbeddingGradient("auto");
    expectClose(embed(tokens, table), tf.gather(table, tokens), 0);
  });

  it("positions and sinusoidal positions", () => {
    const table = rand([8, 4], 42);
    expectClose(positions(3, table), table.slice([0, 0], [3, 4]), 0);
    const pe = sinusoidalPositions(3, 4).arraySync();
    expect(pe[0]).toEqual([0, 1, 0, 1]);
    expect(pe[2]![0]).toBeCloseTo(Math.sin(2), 6);
    expect(pe[2]![3]).toBeCloseTo(Math.cos(2 / 100), 6);
  });

  it("crossEntropy equals the manual mean of −log softmax, and so does its gradient", () => {
    const logits = tf.mul(rand([2, 3, 5], 50), 5);
    const targets = tf.tensor2d(
      [
        [0, 4, 2],
        [1, 1, 3],
      ],
      [2, 3],
      "int32",
    );
    const manual = (l: tf.Tensor): tf.Scalar =>
      tf.neg(
        tf.mean(tf.sum(tf.mul(tf.logSoftmax(l), tf.oneHot(targets, 5).toFloat()), -1)),
      ) as tf.Scalar;
    expect(crossEntropy(logits, targets).dataSync()[0]).toBeCloseTo(
      manual(logits).dataSync()[0]!,
      5,
    );
    expectClose(
      tf.grad((l: tf.Tensor) => crossEntropy(l, targets))(logits),
      tf.grad(manual)(logits),
      1e-6,
    );
    // stable at huge logits
    expect(Number.isFinite(crossEntropy(tf.mul(logits, 1e4), targets).dataSync()[0])).toBe(true);
  });
});

describe("small ops", () => {
  it("linear, gelu, silu", () => {
    const x = rand([2, 3, 4], 60);
    const k = rand([4, 5], 61);
    const b = rand([5], 62);
    expectClose(
      linear(x, k, b),
      tf.add(tf.matMul(x.reshape([6, 4]), k).reshape([2, 3, 5]), b),
      1e-5,
    );
    const g = geluTanh(tf.tensor1d([-1, 0, 1, 3])).dataSync();
    const ref = [-1, 0, 1, 3].map(
      (a) => 0.5 * a * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (a + 0.044715 * a ** 3))),
    );
    ref.forEach((r, i) => expect(g[i]).toBeCloseTo(r, 5));
    expect(silu(tf.tensor1d([2])).dataSync()[0]).toBeCloseTo(2 / (1 + Math.exp(-2)), 5);
  });

  it("linear, gelu and gelu_tanh gradients equal tfjs autodiff of the plain formulas", () => {
    const x = rand([2, 3, 4], 63);
    const k = rand([4, 5], 64);
    const b = rand([5], 65);
    const w = rand([2, 3, 5], 66);
    const ours = tf.grads((a: tf.Tensor, kk: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(linear(a, kk, bb), w)),
    )([x, k, b]);
    const ref = tf.grads((a: tf.Tensor, kk: tf.Tensor, bb: tf.Tensor) =>
      tf.sum(tf.mul(tf.add(tf.matMul(a.reshape([6, 4]), kk).reshape([2, 3, 5]), bb), w)),
    )([x, k, b]);
    ours.forEach((g, i) => expectClose(g, ref[i]!, 1e-5));
    const plain = (a: tf.Tensor): tf.Tensor =>
      tf.mul(
        tf.mul(a, 0.5),
        tf.add(
          tf.tanh(tf.mul(tf.add(a, tf.mul(tf.pow(a, 3), 0.044715)), Math.sqrt(2 / Math.PI))),
          1,
        ),
      );
    const y = tf.mul(rand([30], 67), 3);
    const wy = w.reshape([30]);
    expectClose(geluTanh(y), plain(y), 1e-5);
    expectClose(
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(geluTanh(a), wy)))(y),
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(plain(a), wy)))(y),
      1e-5,
    );
    // the exact GELU against tfjs autodiff of 0.5·x·(1 + erf(x/√2)) (tf.erf has a gradient)
    const plainErf = (a: tf.Tensor): tf.Tensor =>
      tf.mul(tf.mul(a, 0.5), tf.add(tf.erf(tf.mul(a, Math.SQRT1_2)), 1));
    expectClose(gelu(y), plainErf(y), 1e-5);
    expectClose(
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(gelu(a), wy)))(y),
      tf.grad((a: tf.Tensor) => tf.sum(tf.mul(plainErf(a), wy)))(y),
      1e-5,
    );
  });

  it("DWA with one-hot-last weights returns the last output exactly", () => {
    const outs = [rand([2, 3, 4], 70), rand([2, 3, 4], 71), rand([2, 3, 4], 72)];
    expectClose(dwaCombine(outs, tf.tensor1d([0, 0, 1])), outs[2]!, 0);
    expectClose(
      dwaCombine(outs, tf.tensor1d([0.5, 0, 2])),
      tf.add(tf.mul(outs[0]!, 0.5), tf.mul(outs[2]!, 2)),
      1e-5,
    );
  });

  it("stopGradient passes values and blocks gradients; dropout is deterministic and off in eval", () => {
    const x = tf.tensor1d([1, 2, 3]);
    expectClose(stopGradient(x), x, 0);
    expectClose(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(stopGradient(t), t)))(x), x, 0);
    const y = rand([100], 80);
    expect(dropout(y, 0.5, 1, false)).toBe(y);
    expectClose(dropout(y, 0.5, 3, true), dropout(y, 0.5, 3, true), 0);
    const zeros = dropout(tf.ones([1000]), 0.5, 4, true)
      .dataSync()
      .filter((a) => a === 0).length;
    expect(zeros).toBeGreaterThan(400);
    expect(zeros).toBeLessThan(600);
  });
});
