// Exactness of the runtime's embedding, positions, cross-entropy, linear, activations, DWA,
// stopGradient and dropout (cpu backend) against hand formulas and tfjs autodiff.
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  crossEntropy,
  dwaCombine,
  embed,
  gelu,
  geluTanh,
  linear,
  positions,
  silu,
  sinusoidalPositions,
  setEmbeddingGradient,
  stopGradient,
  dropout,
} from "../../runtime/index.ts";
import { expectClose, randn } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

describe("embedding, positions, loss", () => {
  it("embedding gradient equals the gather-based gradient", () => {
    const table = randn([7, 3], 40);
    const tokens = tf.tensor2d(
      [
        [1, 3, 3],
        [6, 0, 1],
      ],
      [2, 3],
      "int32",
    );
    const w = randn([2, 3, 3], 41);
    const ref = tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, tokens), w)))(table);
    for (const mode of ["onehot", "segment"] as const) {
      setEmbeddingGradient(mode);
      expectClose(tf.grad((t: tf.Tensor) => tf.sum(tf.mul(embed(tokens, t), w)))(table), ref, 1e-6);
    }
    setEmbeddingGradient("auto");
    expectClose(embed(tokens, table), tf.gather(table, tokens), 0);
  });

  it("positions and sinusoidal positions", () => {
    const table = randn([8, 4], 42);
    expectClose(positions(3, table), table.slice([0, 0], [3, 4]), 0);
    const pe = sinusoidalPositions(3, 4).arraySync();
    expect(pe[0]).toEqual([0, 1, 0, 1]);
    expect(pe[2]![0]).toBeCloseTo(Math.sin(2), 6);
    expect(pe[2]![3]).toBeCloseTo(Math.cos(2 / 100), 6);
  });

  it("crossEntropy equals the manual mean of −log softmax, and so does its gradient", () => {
    const logits = tf.mul(randn([2, 3, 5], 50), 5);
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
    const x = randn([2, 3, 4], 60);
    const k = randn([4, 5], 61);
    const b = randn([5], 62);
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
    const x = randn([2, 3, 4], 63);
    const k = randn([4, 5], 64);
    const b = randn([5], 65);
    const w = randn([2, 3, 5], 66);
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
    const y = tf.mul(randn([30], 67), 3);
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
    const outs = [randn([2, 3, 4], 70), randn([2, 3, 4], 71), randn([2, 3, 4], 72)];
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
    const y = randn([100], 80);
    expect(dropout(y, 0.5, 1, false)).toBe(y);
    expectClose(dropout(y, 0.5, 3, true), dropout(y, 0.5, 3, true), 0);
    const zeros = dropout(tf.ones([1000]), 0.5, 4, true)
      .dataSync()
      .filter((a) => a === 0).length;
    expect(zeros).toBeGreaterThan(400);
    expect(zeros).toBeLessThan(600);
  });
});
