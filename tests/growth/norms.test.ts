// The masked-statistics norms of a growth stage (runtime/ops/grow.ts, constructs.md §9.1, §11.2):
// at c = 0 the old coordinates equal the small model's norm and the new ones are 0; at c = 1 (or
// once every ramp has ended) they are the ordinary norms; ramps multiply.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { layerNorm, rmsNorm } from "../../runtime/ops/norms.ts";
import { grownLayerNorm, grownRmsNorm, rampMask, type Ramp } from "../../runtime/ops/grow.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const close = (a: tf.Tensor, b: tf.Tensor, tol = 1e-6): void => {
  const d = tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
  expect(d).toBeLessThanOrEqual(tol);
};

describe("grown norms", () => {
  const x = tf.randomNormal([2, 3, 6], 0, 1, "float32", 7);
  const scale = tf.randomNormal([6], 1, 0.1, "float32", 8);
  const bias = tf.randomNormal([6], 0, 0.1, "float32", 9);
  const ramp: Ramp = [4, 10, 5]; // old 4 of 6, from step 10 over 5 steps

  it("at c = 0: the small norm on the old coordinates, 0 on the new", () => {
    const old = x.slice([0, 0, 0], [2, 3, 4]);
    const ln = grownLayerNorm(x, scale, bias, 1e-5, [ramp], 10);
    close(
      ln.slice([0, 0, 0], [2, 3, 4]),
      layerNorm(old, scale.slice(0, 4), bias.slice(0, 4), 1e-5),
    );
    close(ln.slice([0, 0, 4], [2, 3, 2]), tf.zeros([2, 3, 2]), 0);
    const rms = grownRmsNorm(x, scale, 1e-6, [ramp], 10);
    close(rms.slice([0, 0, 0], [2, 3, 4]), rmsNorm(old, scale.slice(0, 4), 1e-6));
    close(rms.slice([0, 0, 4], [2, 3, 2]), tf.zeros([2, 3, 2]), 0);
  });

  it("at c = 1: the ordinary norms", () => {
    close(grownLayerNorm(x, scale, bias, 1e-5, [ramp], 15), layerNorm(x, scale, bias, 1e-5), 0);
    close(grownRmsNorm(x, scale, 1e-6, [ramp], 99), rmsNorm(x, scale, 1e-6), 0);
    expect(rampMask(6, [ramp], 15)).toBeNull();
  });

  it("ramps multiply, and c rises linearly", () => {
    const m = rampMask(6, [ramp, [5, 12, 2]], 12)!;
    const c1 = 2 / 5;
    const want = [1, 1, 1, 1, c1, c1 * 0];
    expect(Array.from(m.dataSync())).toEqual(want.map((v) => Math.fround(v)));
  });
});
