// The native fused cross-entropy (native/src/fused_xent.cc through
// runtime/kernels/native/fused-xent.ts): crossEntropy on `native` equals the composed ops on stock
// `cpu` in value and in d logits, for one token, one class, odd sizes, rank-3 logits, huge logits
// (stability) and out-of-range targets (an all-zero one-hot row); it keeps no tensors.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { crossEntropy } from "../../runtime/ops/loss.ts";
import { rand } from "./helpers.ts";
import { expectNativeRun, nativeReason } from "./native-helpers.ts";

const TOL = 1e-5;

afterAll(async () => {
  await tf.setBackend("cpu");
});

interface Case {
  name: string;
  shape: number[];
  targets: number[];
  scale?: number;
}

/** [loss, d logits] of 3·crossEntropy (a non-unit dy) on the given backend. */
async function run(backend: string, c: Case): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const logits = tf.mul(rand(c.shape, 41, -3, 3), c.scale ?? 1);
    const targets = tf.tensor(c.targets, c.shape.slice(0, -1), "int32");
    const f = (l: tf.Tensor): tf.Scalar => tf.mul(crossEntropy(l, targets), 3);
    const { value, grad } = tf.valueAndGrad(f)(logits);
    return [value, grad].map((t) => t.dataSync() as Float32Array);
  });
}

const CASES: Case[] = [
  { name: "one token", shape: [1, 5], targets: [2] },
  { name: "one class", shape: [4, 1], targets: [0, 0, 0, 0] },
  { name: "odd sizes", shape: [7, 11], targets: [0, 10, 3, 3, 5, 9, 1] },
  { name: "rank 3", shape: [2, 3, 13], targets: [12, 0, 6, 7, 1, 2] },
  { name: "huge logits", shape: [3, 6], targets: [1, 5, 0], scale: 1e4 },
  { name: "out-of-range targets", shape: [4, 5], targets: [-1, 5, 2, 99] },
];

describe.skipIf(nativeReason !== null)("native fused cross-entropy", () => {
  for (const c of CASES) {
    it(`${c.name} ${JSON.stringify(c.shape)}: value and gradient equal the composed ops on cpu`, async () => {
      await expectNativeRun((b) => run(b, c), ["loss", "dlogits"], TOL);
    });
  }

  it("runs the native kernels forward and backward", async () => {
    await tf.setBackend("native");
    const logits = rand([5, 9], 43);
    const targets = tf.tensor1d([1, 2, 3, 4, 5], "int32");
    const profile = await tf.profile(() =>
      tf.grad((l: tf.Tensor) => crossEntropy(l, targets))(logits),
    );
    const names = profile.kernels.map((k) => k.name);
    expect(names).toContain("ArchcXentFwd");
    expect(names).toContain("ArchcXentBwd");
    tf.dispose([profile.result, logits, targets]);
  });
});
