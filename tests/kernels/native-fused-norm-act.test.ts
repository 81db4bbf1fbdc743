// The native fused LayerNorm / RMSNorm and activation kernels (native/src/fused_norm.cc,
// fused_act.cc through runtime/kernels/native/fused-{norm,act}.ts): on `native` they equal the
// composed ops on stock `cpu` in value and in every gradient (x, scale, bias), for one row, one
// feature, odd sizes and rank 3, and keep no tensors. silu's reference is its autodiff; RMSNorm's dx
// over one feature is checked against its exact value (expectOneFeatureRmsDx).
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { gelu, geluTanh, silu } from "../../runtime/ops/activations.ts";
import { layerNorm, rmsNorm } from "../../runtime/ops/norms.ts";
import { RMS_NORM_EPS } from "../../spec/norms.ts";
import { rand } from "./helpers.ts";
import { expectNativeRun, nativeReason } from "./native-helpers.ts";

const TOL = 1e-5;
const SHAPES = [
  [1, 1],
  [1, 6],
  [7, 3],
  [2, 5, 13],
  [3, 64],
];

afterAll(async () => {
  await tf.setBackend("cpu");
});

type Op = (x: tf.Tensor, s: tf.Tensor, b: tf.Tensor) => tf.Tensor;
/** Each op and how many of (x, scale, bias) it reads. */
const OPS: Record<string, [Op, number]> = {
  layerNorm: [(x, s, b) => layerNorm(x, s, b), 3],
  "layerNorm, no bias": [(x, s) => layerNorm(x, s, null), 2],
  rmsNorm: [(x, s) => rmsNorm(x, s), 2],
  gelu: [(x) => gelu(x), 1],
  geluTanh: [(x) => geluTanh(x), 1],
  silu: [(x) => silu(x), 1],
};
/** The composed reference of silu on cpu: autodiff of x·σ(x). */
const REFERENCE: Record<string, Op> = { silu: (x) => tf.mul(x, tf.sigmoid(x)) };

/** [y, dx, d scale, d bias] (the first `inputs` gradients) of Σ op(x) ⊙ w on the given backend. */
async function run(
  backend: string,
  op: Op,
  inputs: number,
  shape: number[],
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const d = shape[shape.length - 1]!;
    const x = tf.add(rand(shape, 51, -3, 3), 0.5); // not centred: the mean matters
    const s = rand([d], 52, 0.5, 1.5);
    const b = rand([d], 53);
    const w = rand(shape, 54);
    const f = (...t: tf.Tensor[]): tf.Scalar => tf.sum(tf.mul(op(t[0]!, t[1] ?? s, t[2] ?? b), w));
    const grads = tf.grads(f)([x, s, b].slice(0, inputs));
    return [op(x, s, b), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

/**
 * RMSNorm's dx over one feature: r·(g − x̂²·g) with x̂² = x²/(x² + ε), exactly g·ε·r³ (g = dy·s);
 * float32 gets it by cancelling two terms of size |g·r|, so two orders of operations (an FMA or
 * not) agree only to a few ulp of those terms, not relative to the tiny result. Checked against
 * the exact value to 1e-7 of |g·r| (~2 ulp; dx = 0 misses by ~4×) instead of against the composed ops.
 */
function expectOneFeatureRmsDx(dx: number): void {
  const [x, s, w] = tf.tidy(() =>
    [rand([1, 1], 51, -3, 3), rand([1], 52, 0.5, 1.5), rand([1, 1], 54)].map(
      (t) => t.dataSync()[0]!,
    ),
  );
  const xv = x! + 0.5; // run's shift
  const r = 1 / Math.sqrt(xv * xv + RMS_NORM_EPS);
  const g = w! * s!;
  expect(Math.abs(dx - g * RMS_NORM_EPS * r ** 3)).toBeLessThanOrEqual(1e-7 * Math.abs(g * r));
}

describe.skipIf(nativeReason !== null)("native fused norms and activations", () => {
  for (const [name, [op, inputs]] of Object.entries(OPS)) {
    for (const shape of SHAPES) {
      it(`${name} ${JSON.stringify(shape)}: value and gradients equal the composed ops on cpu`, async () => {
        const oneFeatureRms = name === "rmsNorm" && shape[shape.length - 1] === 1;
        const got = await expectNativeRun(
          (b) => run(b, b === "cpu" ? (REFERENCE[name] ?? op) : op, inputs, shape),
          ["y", oneFeatureRms ? null : "dx", "dscale", "dbias"].slice(0, 1 + inputs),
          TOL,
        );
        expect(got.length).toBe(1 + inputs);
        if (oneFeatureRms) expectOneFeatureRmsDx(got[1]![0]!);
      });
    }
  }

  it("runs the native kernels forward and backward", async () => {
    await tf.setBackend("native");
    const x = rand([4, 8], 55);
    const s = tf.ones([8]);
    const profile = await tf.profile(() =>
      tf.grads((a: tf.Tensor, c: tf.Tensor) => tf.sum(gelu(layerNorm(a, c, null))))([x, s]),
    );
    const names = profile.kernels.map((k) => k.name);
    for (const k of ["ArchcNormFwd", "ArchcNormBwd", "ArchcActFwd", "ArchcActBwd"])
      expect(names).toContain(k);
    tf.dispose([profile.result, x, s]);
  });
});
