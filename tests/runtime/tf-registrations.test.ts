// runtime/tf.ts registers on one tfjs-core every gradient and chained tensor method that tfjs-core
// ships (the sets are read from tfjs-core's own source files, not from the generated bundle), the
// generated bundle is current, and gradients through each op family the runtime uses match
// central finite differences with no tensors left behind.
import { readdirSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import { TF_REGISTRATIONS_PATH, tfRegistrationsText } from "../../scripts/gen-tf-registrations.ts";

const CORE_DIST = dirname(createRequire(import.meta.url).resolve("@tensorflow/tfjs-core"));

/** Every `<what>` a tfjs-core source folder's files declare, by a pattern over each file. */
function declared(folder: string, pattern: RegExp): string[] {
  const dir = join(CORE_DIST, folder);
  return readdirSync(dir)
    .filter((f) => f.endsWith(".js") && !f.endsWith("_test.js") && !f.startsWith("register_all"))
    .flatMap((f) => [...readFileSync(join(dir, f), "utf8").matchAll(pattern)].map((m) => m[1]!));
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

describe("runtime/tf.ts", () => {
  it("registers the gradient of every kernel tfjs-core has a gradient file for", () => {
    const kernels = declared("gradients", /kernelName: (\w+)/g);
    expect(kernels.length).toBeGreaterThan(90);
    const core = tf as unknown as Record<string, string>;
    const missing = kernels.filter((k) => tf.getGradient(core[k]!) === undefined);
    expect(missing).toEqual([]);
  });

  it("adds every chained tensor method tfjs-core declares", () => {
    const methods = declared("public/chained_ops", /prototype\.(\w+) = function/g);
    expect(methods.length).toBeGreaterThan(120);
    const proto = tf.Tensor.prototype as unknown as Record<string, unknown>;
    expect(methods.filter((m) => typeof proto[m] !== "function")).toEqual([]);
    const x = tf.tensor([1, 2, 3]);
    expect(Array.from(x.add(1).square().sum().dataSync())).toEqual([29]);
    tf.dispose(x);
  });

  it("has the cpu backend registered and one tfjs-core (tensors from it are tf.Tensors)", () => {
    expect(tf.findBackendFactory("cpu")).not.toBeNull();
    const x = tf.zeros([2]);
    expect(x).toBeInstanceOf(tf.Tensor);
    x.dispose();
  });

  it("tf-registrations.generated.js is current (rerun `npx tsx scripts/gen-tf-registrations.ts`)", async () => {
    expect(readFileSync(TF_REGISTRATIONS_PATH, "utf8")).toBe(await tfRegistrationsText());
  }, 30_000);
});

/** x as a 2×3 tensor of distinct values away from kinks (relu, max, abs at 0). */
const X = [0.3, -0.7, 1.1, 0.55, -0.2, 0.9];

/** The ops the runtime differentiates through, by family; each maps a [2, 3] input to a tensor. */
const FAMILIES: Record<string, (x: tf.Tensor) => tf.Tensor> = {
  elementwise: (x) =>
    tf.addN([
      tf.tanh(x),
      tf.sigmoid(x).mul(tf.exp(x.mul(0.5))),
      tf.sqrt(tf.square(x).add(1)).div(tf.rsqrt(x.abs().add(0.5))),
      tf.log(x.square().add(1.5)).sub(tf.erf(x)),
      tf.pow(x.square().add(1), 1.5),
      tf.maximum(x, tf.scalar(0.1)).add(tf.relu(x)).add(tf.minimum(x, 0.2)),
      tf.where(
        tf.tensor2d([
          [true, false, true],
          [true, false, true],
        ]),
        x.mul(2),
        x.neg(),
      ),
      tf.clipByValue(x, -0.5, 0.5).add(tf.softplus(x)).add(tf.elu(x)).add(tf.leakyRelu(x, 0.2)),
    ]),
  reductions: (x) =>
    tf.stack([tf.sum(x), tf.mean(x.square()), tf.max(x), tf.logSumExp(x), tf.min(x.sin())]),
  softmax: (x) =>
    tf
      .softmax(x)
      .mul(tf.range(0, 6).reshape([2, 3]))
      .add(tf.logSoftmax(x).square()),
  matmul: (x) =>
    tf.add(
      tf.matMul(x, x, false, true),
      tf.matMul(x.reshape([1, 2, 3]), x.reshape([1, 3, 2])).reshape([2, 2]),
    ),
  shapes: (x) =>
    tf.concat(
      [
        tf.transpose(x).reshape([2, 3]),
        tf.slice(x, [0, 1], [2, 2]).pad([
          [0, 0],
          [1, 0],
        ]),
        tf.tile(x.expandDims(0), [1, 1, 1]).squeeze([0]),
        tf.reverse(x, 1),
        tf.cumsum(x, 1),
      ],
      0,
    ),
  indexing: (x) =>
    tf
      .gather(x, tf.tensor1d([2, 0, 2], "int32"), 1)
      .add(tf.split(x, [1, 2], 1)[1]!.sum(1, true))
      .add(tf.unstack(x, 1)[0]!.expandDims(1))
      .add(
        tf
          .unsortedSegmentSum(x, tf.tensor1d([1, 0], "int32"), 2)
          .mul(tf.oneHot([0, 1], 3).cast("float32")),
      ),
  conv: (x) =>
    tf
      .conv1d(x.reshape<tf.Tensor3D>([1, 6, 1]), tf.tensor3d([0.5, -1, 2], [3, 1, 1]), 1, "same")
      .add(
        tf
          .conv2d(
            x.reshape<tf.Tensor4D>([1, 2, 3, 1]),
            tf.ones([2, 2, 1, 1]) as tf.Tensor4D,
            1,
            "same",
          )
          .reshape([1, 6, 1]),
      ),
};

/** sum(y · w), w fixed weights 1/n … 1 in y's shape (so every output counts). */
function weightedSum(y: tf.Tensor): tf.Scalar {
  const w = tf
    .range(1, y.size + 1)
    .div(y.size)
    .reshape(y.shape);
  return tf.sum(y.mul(w));
}

/** d weightedSum(f(x))/dx by central differences in float32. */
function numericGrad(f: (x: tf.Tensor) => tf.Tensor, eps = 1e-2): number[] {
  const loss = (xs: number[]) =>
    tf.tidy(() => weightedSum(f(tf.tensor2d(xs, [2, 3]))).arraySync() as number);
  return X.map((_, i) => {
    const up = X.slice();
    const down = X.slice();
    up[i]! += eps;
    down[i]! -= eps;
    return (loss(up) - loss(down)) / (2 * eps);
  });
}

describe("gradients through the runtime's op families", () => {
  for (const [family, f] of Object.entries(FAMILIES)) {
    it(`${family}: tf.grad matches finite differences, no tensors left`, () => {
      const before = tf.memory().numTensors;
      const analytic = tf.tidy(() => {
        const g = tf.grad((x: tf.Tensor) => weightedSum(f(x)));
        return Array.from(g(tf.tensor2d(X, [2, 3])).dataSync());
      });
      expect(tf.memory().numTensors).toBe(before);
      const numeric = numericGrad(f);
      for (let i = 0; i < X.length; i++) expect(analytic[i]!).toBeCloseTo(numeric[i]!, 1);
      expect(analytic.some((v) => Math.abs(v) > 1e-3)).toBe(true);
    });
  }
});
