// Fast binary (broadcasting), unary and Cast kernels against the stock cpu kernels.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { enableFastCpuKernels } from "../../runtime/kernels/index.ts";
import { expectSame, rand } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const pairs: [number[], number[]][] = [
  [
    [3, 5, 7],
    [3, 5, 7],
  ], // same shape
  [[3, 5, 7], []], // scalar
  [[], [4, 6]], // scalar on the left
  [[3, 5, 7], [7]], // last-axis (bias)
  [
    [3, 5, 7],
    [3, 5, 1],
  ], // row broadcast (layernorm)
  [
    [3, 1, 7],
    [1, 5, 1],
  ], // both sides broadcast
  [
    [2, 1, 3],
    [1, 4, 1],
  ],
  [
    [1, 9],
    [13, 1],
  ], // outer product
  [
    [5, 1, 1, 3],
    [5, 4, 2, 1],
  ],
];

const binary = {
  Add: tf.add,
  Sub: tf.sub,
  Multiply: tf.mul,
  RealDiv: tf.div,
  Maximum: tf.maximum,
  Minimum: tf.minimum,
  SquaredDifference: tf.squaredDifference,
  Pow: tf.pow,
} as const;

describe("binary kernels", () => {
  for (const [name, op] of Object.entries(binary)) {
    it(`${name} with broadcasting`, () => {
      let seed = 100;
      for (const [sa, sb] of pairs) {
        const positive = name === "Pow" || name === "RealDiv";
        const a = rand(sa, seed++, positive ? 0.5 : -2, 2);
        const b = rand(sb, seed++, positive ? 0.5 : -2, 2);
        expectSame(
          () => (op as (x: tf.Tensor, y: tf.Tensor) => tf.Tensor)(a, b),
          1e-5,
          `${name} ${sa} ${sb}`,
        );
      }
    });
  }

  it("int32 inputs keep stock semantics", () => {
    const a = tf.tensor1d([7, -7, 3], "int32"),
      b = tf.tensor1d([2, 2, 5], "int32");
    expectSame(() => [tf.add(a, b), tf.mul(a, b), tf.sub(a, b), tf.div(a, b)]);
  });
});

describe("unary kernels", () => {
  const ops: Record<string, [(x: tf.Tensor) => tf.Tensor, number, number]> = {
    Exp: [tf.exp, -5, 5],
    Log: [tf.log, 0.01, 10],
    Tanh: [tf.tanh, -4, 4],
    Sqrt: [tf.sqrt, 0, 10],
    Rsqrt: [tf.rsqrt, 0.01, 10],
    Neg: [tf.neg, -3, 3],
    Square: [tf.square, -3, 3],
    Reciprocal: [tf.reciprocal, 0.1, 3],
    Relu: [tf.relu, -3, 3],
    Sigmoid: [tf.sigmoid, -8, 8],
    Abs: [tf.abs, -3, 3],
  };
  for (const [name, [op, lo, hi]] of Object.entries(ops)) {
    it(name, () => {
      const x = rand([3, 37], name.length, lo, hi);
      expectSame(() => op(x), 1e-5, name);
    });
  }

  it("Cast int32/bool → float32 gives real Float32Arrays with the same values", () => {
    const i = tf.tensor2d(
      [
        [1, -2, 3],
        [4, 5, -6],
      ],
      [2, 3],
      "int32",
    );
    const b = tf.tensor1d([1, 0, 1], "bool");
    expectSame(() => [
      tf.cast(i, "float32"),
      tf.cast(b, "float32"),
      tf.cast(rand([4], 1, -3, 3), "int32"),
    ]);
    enableFastCpuKernels();
    const f = tf.cast(i, "float32");
    expect(f.dataSync()).toBeInstanceOf(Float32Array);
    expect(i.dataSync()).toBeInstanceOf(Int32Array);
  });
});
