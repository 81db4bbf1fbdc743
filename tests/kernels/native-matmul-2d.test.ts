// runtime/ops/linear.ts fusedMatMul2d: on native, the _FusedMatMul kernel on the 2-D operands gives
// tf.fused.matMul's values bit for bit (with and without bias) without its three Reshape calls;
// other activations (relu) and other backends go through tf.fused.matMul. Skipped, with the
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

  it("keeps tf.fused.matMul for relu", async () => {
    const want = await traced(() => tf.fused.matMul({ a, b, bias, activation: "relu" }));
    const got = await traced(() => fusedMatMul2d(a, b, bias, "relu"));
    expect(got).toEqual(want);
    expect(Math.min(...got.values)).toBe(0);
  });
});
