// p-MoD's pieces (constructs.md §8.1, §11 items 5 and the decay check): the progressive ratio decay
// on the derived test vector (L = 32), ⌊ρ·n⌋ kept tokens, and the runtime's modLayer on cpu: keep
// ratio 1 with the zero-initialised router is the dense layer exactly (ŵ = 1), kept tokens run the
// layer as a shorter sequence in their original order, skipped tokens become ŵ·x (STRing), and the
// router gets gradient from skipped tokens alone.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { modLayer, modRouter, modSelect, tanhNorm } from "../../runtime/ops/mod.ts";
import { keepRatio, keptTokens, PMOD_DEFAULTS } from "../../spec/pmod.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const B = 2;
const T = 8;
const d = 4;
const seeded = (shape: number[], seed: number): tf.Tensor =>
  tf.randomNormal(shape, 0, 1, "float32", seed);

describe("progressive ratio decay", () => {
  it("L = 32, ρ̄ 0.5, ρ_max 0.85, ρ_min 0.15: layers 0–7 dense, 8–23 cosine, 24–31 at 0.15", () => {
    const r = Array.from({ length: 32 }, (_, l) => keepRatio(l, 32, PMOD_DEFAULTS));
    expect(r.slice(0, 8).every((x) => x.dense && x.ratio === 1)).toBe(true);
    expect(r.slice(8).every((x) => !x.dense)).toBe(true);
    expect(r[8]!.ratio).toBeCloseTo(0.8445, 4);
    expect(r[23]!.ratio).toBeCloseTo(0.1555, 4);
    for (let l = 8; l < 24; l++)
      expect(r[l]!.ratio).toBeCloseTo(Math.cos((l * Math.PI) / 31) / 2 + 0.5, 12);
    expect(r.slice(24).every((x) => x.ratio === 0.15)).toBe(true);
    expect(keptTokens(0.15, 20)).toBe(3); // 0.15·20 is 2.9999… in floating point
    expect(keptTokens(0.15, 576)).toBe(86);
    expect(keptTokens(0.01, 8)).toBe(1);
  });
});

describe("modLayer", () => {
  it("keep ratio 1 with the zero router is the dense layer exactly, ŵ = 1", () => {
    const x = seeded([B, T, d], 1) as tf.Tensor3D;
    const layer = (h: tf.Tensor3D, weigh: (f: tf.Tensor3D) => tf.Tensor3D): tf.Tensor3D =>
      tf.add(h, weigh(tf.tanh(h.cumsum(1)) as tf.Tensor3D)) as tf.Tensor3D;
    const y = modLayer(x, tf.zeros([d, 1]), tf.zeros([1]), 1, layer);
    expect(Array.from(y.dataSync())).toEqual(Array.from(layer(x, (f) => f).dataSync()));
  });

  it("keeps the top ⌊ρT⌋ in order for the layer; skipped tokens become ŵ·x", () => {
    const x = seeded([B, T, d], 2) as tf.Tensor3D;
    const kernel = seeded([d, 1], 3);
    const bias = tf.tensor1d([0.1]);
    // order-sensitive and sequence-mixing, like causal attention: a running sum over the kept tokens
    const layer = (h: tf.Tensor3D, weigh: (f: tf.Tensor3D) => tf.Tensor3D): tf.Tensor3D =>
      tf.add(h, weigh(h.cumsum(1))) as tf.Tensor3D;
    const y = modLayer(x, kernel, bias, 0.5, layer).arraySync();
    const xs = x.arraySync();
    const scores = modRouter(x, kernel, bias).reshape([B, T]);
    const r = scores.arraySync() as number[][];
    const w = tanhNorm(scores).arraySync() as number[][];
    for (let b = 0; b < B; b++) {
      const kept = [...r[b]!.keys()].sort((i, j) => r[b]![j]! - r[b]![i]!).slice(0, 4);
      kept.sort((i, j) => i - j);
      const run = Array<number>(d).fill(0);
      for (let t = 0; t < T; t++) {
        const want = kept.includes(t)
          ? xs[b]![t]!.map((v, c) => {
              run[c]! += v;
              return v + run[c]! * w[b]![t]!;
            })
          : xs[b]![t]!.map((v) => v * w[b]![t]!);
        for (let c = 0; c < d; c++) expect(y[b]![t]![c]!).toBeCloseTo(want[c]!, 5);
      }
    }
    expect(w.flat().every((v) => v >= 0.8 && v <= 1.2)).toBe(true);
  });

  it("selects the top k rows in ascending position", () => {
    const s = tf.tensor2d([[0.3, 2, -1, 5, 0.1, 4, 0, 1]]);
    const sel = modSelect(s, 3).arraySync()[0]!;
    expect(sel.map((row) => row.indexOf(1))).toEqual([1, 3, 5]);
  });

  it("the router learns from skipped tokens alone (STRing)", () => {
    const x = seeded([B, T, d], 4) as tf.Tensor3D;
    const kernel = tf.variable(seeded([d, 1], 5));
    const bias = tf.variable(tf.zeros([1]));
    // the layer ignores ŵ: any router gradient comes from the skipped tokens' ŵ·x
    const g = tf.variableGrads(
      () => modLayer(x, kernel, bias, 0.5, (h) => tf.mul(h, 2) as tf.Tensor3D).sum() as tf.Scalar,
      [kernel, bias],
    );
    expect(Math.max(...Array.from(g.grads[kernel.name]!.abs().dataSync()))).toBeGreaterThan(1e-3);
    // with every token kept and the same layer, nothing reaches the router
    const dense = tf.variableGrads(
      () => modLayer(x, kernel, bias, 1, (h) => tf.mul(h, 2) as tf.Tensor3D).sum() as tf.Scalar,
      [kernel, bias],
    );
    expect(Math.max(...Array.from(dense.grads[kernel.name]!.abs().dataSync()))).toBe(0);
  });
});
