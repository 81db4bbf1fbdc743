// linear.ts matMulGrads on the native backend (BLAS transpose flags instead of explicit Transpose
// kernels): linear, matMul2d and fusedLinear equal stock cpu's explicit-transpose gradients, with
// no Transpose kernel in native's backward.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { fusedLinear } from "../../runtime/ops/fused.ts";
import { linear, matMul2d } from "../../runtime/ops/linear.ts";
import { rand, relErr } from "./helpers.ts";
import { nativeReason } from "./native-helpers.ts";

afterAll(async () => {
  await tf.setBackend("cpu");
});

type Op = (x: tf.Tensor, w: tf.Tensor, b: tf.Tensor) => tf.Tensor;
const OPS: Record<string, Op> = {
  // (+ 0·b: every op reads all three inputs, so tf.grads has a path to each)
  matMul2d: (x, w, b) =>
    tf.add(matMul2d(x.reshape([-1, 5]) as tf.Tensor2D, w as tf.Tensor2D), tf.mul(b, 0)),
  linear: (x, w, b) => linear(x, w, b),
  "fusedLinear, relu": (x, w, b) => fusedLinear(x, [w], [b], { activation: "relu" }),
};

/** [y, dx, dw, db] of Σ op ⊙ cos(op) on the given backend. */
async function run(backend: string, op: Op): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const [x, w, b] = [rand([2, 3, 5], 61), rand([5, 7], 62), rand([7], 63)];
    const f = (a: tf.Tensor, c: tf.Tensor, e: tf.Tensor): tf.Scalar => {
      const y = op(a, c, e);
      return tf.sum(tf.mul(y, tf.cos(y)));
    };
    const grads = tf.grads(f)([x, w, b]);
    return [op(x, w, b), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe.skipIf(nativeReason !== null)("native matmul gradients (transpose flags)", () => {
  for (const [name, op] of Object.entries(OPS)) {
    it(`${name}: value and gradients equal stock cpu`, async () => {
      const want = await run("cpu", op);
      const got = await run("native", op);
      ["y", "dx", "dw", "db"].forEach((n, i) => {
        const err = relErr(got[i]!, want[i]!);
        expect(err, `${n}: ${err}`).toBeLessThanOrEqual(1e-5);
      });
    });
  }

  it("native's backward runs no Transpose kernel", async () => {
    await tf.setBackend("native");
    const [x, w, b] = [rand([4, 5], 64), rand([5, 3], 65), rand([3], 66)];
    const profile = await tf.profile(() =>
      tf.grads((a: tf.Tensor, c: tf.Tensor, e: tf.Tensor) => tf.sum(linear(a, c, e)))([x, w, b]),
    );
    expect(profile.kernels.map((k) => k.name)).not.toContain("Transpose");
    tf.dispose([profile.result, x, w, b]);
  });
});
