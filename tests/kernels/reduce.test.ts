// Fast Sum/Mean/Max/Min, Softmax and Transpose against the stock cpu kernels.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, it } from "vitest";
import { expectSame, rand } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("reductions", () => {
  const cases: [number[], number | number[] | undefined][] = [
    [[5, 7, 9], -1],
    [[5, 7, 9], 0],
    [[5, 7, 9], 1],
    [
      [5, 7, 9],
      [0, 1],
    ],
    [
      [5, 7, 9],
      [1, 2],
    ],
    [[5, 7, 9], undefined],
    [
      [5, 7, 9],
      [0, 2],
    ],
    [[33], 0],
    [
      [4, 1, 6],
      [0, 1],
    ],
    [[1, 130], -1],
  ];
  for (const [shape, axis] of cases) {
    it(`over ${JSON.stringify(axis)} of [${shape}]`, () => {
      const x = rand(shape, shape.length + 3);
      for (const keep of [false, true]) {
        expectSame(() => [
          tf.sum(x, axis, keep),
          tf.mean(x, axis, keep),
          tf.max(x, axis, keep),
          tf.min(x, axis, keep),
        ]);
      }
    });
  }
});

describe("Softmax", () => {
  it("over the last axis", () => {
    expectSame(() => tf.softmax(rand([5, 7], 1, -10, 10)));
    expectSame(() => tf.softmax(rand([2, 3, 64], 2, -5, 5)));
    expectSame(() => tf.softmax(rand([1], 3)));
    expectSame(() =>
      tf.softmax(tf.add(rand([4, 6], 4), tf.tensor2d([0, -1e9, 0, -1e9, 0, 0], [1, 6]))),
    );
  });
});

describe("Transpose", () => {
  const perms: [number[], number[]][] = [
    [
      [5, 7],
      [1, 0],
    ],
    [
      [67, 45],
      [1, 0],
    ],
    [
      [2, 5, 3, 4],
      [0, 2, 1, 3],
    ],
    [
      [2, 5, 3, 4],
      [0, 2, 3, 1],
    ],
    [
      [3, 4, 5],
      [2, 0, 1],
    ],
    [
      [3, 4, 5],
      [0, 2, 1],
    ],
    [
      [3, 4, 5],
      [1, 0, 2],
    ],
    [
      [2, 3, 4, 5],
      [1, 0, 3, 2],
    ],
    [
      [1, 6, 1, 5],
      [3, 2, 1, 0],
    ],
    [
      [4, 3, 2],
      [0, 1, 2],
    ],
  ];
  for (const [shape, perm] of perms) {
    it(`[${shape}] by [${perm}]`, () => {
      expectSame(() => tf.transpose(rand(shape, 7), perm));
      expectSame(() => tf.transpose(tf.cast(rand(shape, 8, 0, 100), "int32"), perm));
    });
  }
});

describe("Slice and SplitV", () => {
  it("slices along every axis, whole-row and single-element cases", () => {
    const x = rand([4, 6, 5], 9);
    expectSame(() => [
      x.slice([1, 2, 0], [2, 3, 5]),
      x.slice([0, 0, 1], [4, 6, 3]),
      x.slice([3, 5, 4], [1, 1, 1]),
      x.slice([1, 0, 0], [2, -1, -1]),
      tf.slice(rand([7], 10), 2, 4),
      tf.cast(x, "int32").slice([0, 1, 1], [3, 2, 2]),
    ]);
  });
  it("splits along the last and first axes", () => {
    const x = rand([10, 12], 11);
    expectSame(() => tf.split(x, 3, 1));
    expectSame(() => tf.split(x, [3, 7], 0));
    expectSame(() => tf.split(rand([2, 3, 8], 12), [2, 5, 1], -1));
  });
});
