// runtime/ops/linear.ts fusedMatMul2d: on native, the _FusedMatMul kernel on the 2-D operands gives
// tf.fused.matMul's values bit for bit (with and without bias) without its three Reshape calls;
// other activations (relu) and other backends go through tf.fused.matMul. Native's _FusedMatMul
// adds the bias with the addon's Add: the product's float32 sums with the bias, bit for bit. Skipped, with the
// reason printed, where the addon is not built.
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { fusedMatMul2d } from "../../runtime/ops/linear.ts";
import { nativeReason } from "./native-helpers.ts";

beforeAll(async () => {
  if (nativeReason === null) await tf.setBackend("native");
});
afterAll(async () => {
  await tf.setBackend("cpu");
});

/** The values of f() and the names of the kernels it ran. */
async function traced(f: () => tf.Tensor): Promise<{ values: number[]; kernels: string[] }> {
  let values: number[] = [];
  const before = tf.memory().numTensors;
  const prof = await tf.profile(() => {
    const t = f();
    values = Array.from(t.dataSync());
    t.dispose();
  });
  expect(tf.memory().numTensors).toBe(before);
  return { values, kernels: prof.kernels.map((k) => k.name) };
}

describe.skipIf(nativeReason !== null)("fusedMatMul2d on native", () => {
  const a = tf.randomNormal([37, 24], 0, 1, "float32", 1) as tf.Tensor2D;
  const b = tf.randomNormal([24, 19], 0, 1, "float32", 2) as tf.Tensor2D;
  const bias = tf.randomNormal([19], 0, 1, "float32", 3) as tf.Tensor1D;
  afterAll(() => tf.dispose([a, b, bias]));

  for (const withBias of [false, true]) {
    it(`equals tf.fused.matMul bit for bit, one kernel call (${withBias ? "bias" : "no bias"})`, async () => {
      const want = await traced(() => tf.fused.matMul({ a, b, ...(withBias ? { bias } : {}) }));
      const got = await traced(() => fusedMatMul2d(a, b, withBias ? bias : undefined));
      expect(got.values).toEqual(want.values);
      expect(want.kernels).toContain("Reshape");
      expect(got.kernels).toEqual(["_FusedMatMul"]);
    });
  }

  it("adds the bias natively: the product plus the bias in float32, bit for bit", async () => {
    const a3 = tf.randomNormal([3, 37, 24], 0, 1, "float32", 4) as tf.Tensor3D;
    const b3 = tf.randomNormal([3, 24, 19], 0, 1, "float32", 5) as tf.Tensor3D;
    for (const [x, y, bb] of [
      [a, b, bias],
      [a3, b3, bias],
      [a, b, tf.randomNormal([37, 19], 0, 1, "float32", 6)], // a full [M, N] bias
    ] as const) {
      const p = tf.fused.matMul({ a: x, b: y }).dataSync() as Float32Array;
      const bv = bb.dataSync();
      const want = Float32Array.from(p, (v, i) => v + bv[i % bv.length]!); // float32 sums
      const got = tf.fused.matMul({ a: x, b: y, bias: bb });
      expect(Array.from(got.dataSync())).toEqual(Array.from(want));
      got.dispose();
      if (bb !== bias) bb.dispose();
    }
    tf.dispose([a3, b3]);
  });

  it("keeps tf.fused.matMul for relu", async () => {
    const want = await traced(() => tf.fused.matMul({ a, b, bias, activation: "relu" }));
    const got = await traced(() => fusedMatMul2d(a, b, bias, "relu"));
    expect(got).toEqual(want);
    expect(Math.min(...got.values)).toBe(0);
  });
});
