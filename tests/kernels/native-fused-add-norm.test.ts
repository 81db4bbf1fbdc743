// The residual add fused into LayerNorm / RMSNorm (native/src/fused_norm.cc addNorm*, through
// runtime/kernels/native/fused-add-norm.ts and runtime/ops/add-norm.ts): on `native` the sum, the
// normed value and every gradient (a, b, scale, bias) equal the composed add + norm on stock `cpu`,
// for one row, odd sizes and rank 3, with the sum read by the loss or not (d sum zero); the native
// kernels run (profile), with fused kernels off the composed ops run, and nothing is kept.
import * as tf from "../../runtime/tf.ts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { addLayerNorm, addRmsNorm } from "../../runtime/ops/add-norm.ts";
import { rand } from "./helpers.ts";
import { expectNativeRun, nativeReason } from "./native-helpers.ts";

const TOL = 1e-5;
const SHAPES = [
  [1, 6],
  [7, 3],
  [2, 5, 13],
  [3, 64],
];

afterAll(async () => {
  await tf.setBackend("cpu");
});
afterEach(() => {
  delete process.env["ARCHC_NATIVE_FUSED"];
});

type Op = (a: tf.Tensor, b: tf.Tensor, s: tf.Tensor, bias: tf.Tensor) => [tf.Tensor, tf.Tensor];
/** Each op and how many of (a, b, scale, bias) it reads. */
const OPS: Record<string, [Op, number]> = {
  addLayerNorm: [(a, b, s, c) => addLayerNorm(a, b, s, c), 4],
  "addLayerNorm, no bias": [(a, b, s) => addLayerNorm(a, b, s, null), 3],
  addRmsNorm: [(a, b, s) => addRmsNorm(a, b, s), 3],
};

/**
 * [sum, y, d a, d b, d scale, d bias] (the first `inputs` gradients) of Σ sum ⊙ v + Σ y ⊙ w
 * (without the sum's term when `readSum` is false) on the given backend.
 */
async function run(
  backend: string,
  op: Op,
  inputs: number,
  shape: number[],
  readSum: boolean,
): Promise<Float32Array[]> {
  await tf.setBackend(backend);
  return tf.tidy(() => {
    const d = shape[shape.length - 1]!;
    const a = tf.add(rand(shape, 61, -3, 3), 0.5); // not centred: the mean matters
    const b = rand(shape, 62, -2, 2);
    const s = rand([d], 63, 0.5, 1.5);
    const c = rand([d], 64);
    const v = rand(shape, 65);
    const w = rand(shape, 66);
    const f = (...t: tf.Tensor[]): tf.Scalar => {
      const [sum, y] = op(t[0]!, t[1]!, t[2]!, t[3] ?? c);
      const normed: tf.Scalar = tf.sum(tf.mul(y, w));
      return readSum ? tf.add(normed, tf.sum<tf.Scalar>(tf.mul(sum, v))) : normed;
    };
    const grads = tf.grads(f)([a, b, s, c].slice(0, inputs));
    return [...op(a, b, s, c), ...grads].map((t) => t.dataSync() as Float32Array);
  });
}

describe.skipIf(nativeReason !== null)("native fused residual add + norm", () => {
  for (const [name, [op, inputs]] of Object.entries(OPS))
    for (const shape of SHAPES)
      for (const readSum of [true, false])
        it(`${name} ${JSON.stringify(shape)}${readSum ? "" : ", sum unread"}: equals add + norm on cpu`, async () => {
          const names = ["sum", "y", "da", "db", "dscale", "dbias"].slice(0, 2 + inputs);
          const got = await expectNativeRun(
            (be) => run(be, op, inputs, shape, readSum),
            names,
            TOL,
          );
          expect(got.length).toBe(2 + inputs);
          expect(got[2]).toEqual(got[3]); // d a = d b
        });

  it("runs the fused kernels forward and backward; the composed ops with fused kernels off", async () => {
    await tf.setBackend("native");
    const [a, b, s] = [rand([4, 8], 67), rand([4, 8], 68), tf.ones([8])];
    const kernels = async (): Promise<string[]> => {
      const profile = await tf.profile(() =>
        tf.grads((x: tf.Tensor, y: tf.Tensor, z: tf.Tensor) => {
          const [sum, normed] = addRmsNorm(x, y, z);
          return tf.add(tf.sum(sum), tf.sum(tf.square(normed)));
        })([a, b, s]),
      );
      tf.dispose(profile.result);
      return profile.kernels.map((k) => k.name);
    };
    const fused = await kernels();
    for (const k of ["ArchcAddNormFwd", "ArchcAddNormBwd"]) expect(fused).toContain(k);
    const adds = (names: string[]): number => names.filter((n) => n === "Add").length;
    process.env["ARCHC_NATIVE_FUSED"] = "off";
    const composed = await kernels();
    expect(composed).not.toContain("ArchcAddNormFwd");
    // the composed ops add a + b forward and the sum's two gradients backward (and RMSNorm its ε)
    expect(adds(composed) - adds(fused)).toBeGreaterThanOrEqual(2);
    tf.dispose([a, b, s]);
  });

  it("a and b one tensor (x + x): d x is both gradients summed", async () => {
    const run = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const [x, s, w] = [rand([5, 7], 72, -2, 2), rand([7], 73, 0.5, 1.5), rand([5, 7], 74)];
        const f = (t: tf.Tensor): tf.Scalar => {
          const [sum, y] = addRmsNorm(t, t, s);
          return tf.add(tf.sum(tf.mul(y, w)), tf.sum(sum));
        };
        return [tf.grad(f)(x)].map((t) => t.dataSync() as Float32Array);
      });
    };
    await expectNativeRun(run, ["dx"], TOL);
  });

  it("broadcasts b as add does (the composed ops), e.g. [T, d] learned positions", async () => {
    const run = async (backend: string): Promise<Float32Array[]> => {
      await tf.setBackend(backend);
      return tf.tidy(() => {
        const [a, b, s] = [rand([2, 3, 4], 69), rand([3, 4], 70), rand([4], 71, 0.5, 1.5)];
        const f = (x: tf.Tensor, y: tf.Tensor): tf.Scalar =>
          tf.sum(tf.square(addLayerNorm(x, y, s, null)[1]));
        return [...addLayerNorm(a, b, s, null), ...tf.grads(f)([a, b])].map(
          (t) => t.dataSync() as Float32Array,
        );
      });
    };
    const got = await expectNativeRun(run, ["sum", "y", "da", "db"], TOL);
    expect(got[3]!.length).toBe(12); // d b keeps b's shape [3, 4]
  });
});
