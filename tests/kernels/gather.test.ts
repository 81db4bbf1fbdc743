// Fast GatherV2 and UnsortedSegmentSum (the gather gradient) against the stock cpu kernels.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { enableFastCpuKernels } from "../../runtime/kernels/index.ts";
import { expectSame, rand } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function ints(n: number, max: number, seed: number): tf.Tensor1D {
  const v = new Int32Array(n);
  for (let i = 0; i < n; i++) v[i] = (i * 7919 + seed * 104729) % max;
  return tf.tensor1d(v, "int32");
}

describe("GatherV2", () => {
  it("embedding lookups and other axes", () => {
    const table = rand([37, 24], 1);
    expectSame(() => tf.gather(table, ints(40, 37, 1).reshape([5, 8])));
    expectSame(() => tf.gather(table, ints(9, 24, 2), 1));
    expectSame(() => tf.gather(rand([3, 5, 7, 2], 3), ints(6, 7, 3), 2));
    expectSame(() => tf.gather(rand([4, 6, 3], 4), ints(8, 6, 4).reshape([4, 2]), 1, 1)); // batchDims 1
    expectSame(() => tf.gather(tf.tensor1d([5, 6, 7, 8], "int32"), ints(5, 4, 5)));
  });

  it("rejects out-of-range indices", () => {
    enableFastCpuKernels();
    expect(() => tf.gather(rand([3, 2], 1), tf.tensor1d([0, 3], "int32"))).toThrow(/index value 3/);
  });
});

describe("UnsortedSegmentSum", () => {
  it("sums rows into segments, repeated ids and empty segments", () => {
    expectSame(() => tf.unsortedSegmentSum(rand([50, 13], 10), ints(50, 11, 1), 17));
    expectSame(() => tf.unsortedSegmentSum(rand([20, 3, 4], 11), ints(20, 5, 2), 5));
    expectSame(() => tf.unsortedSegmentSum(rand([9], 12), ints(9, 4, 3), 4));
  });

  it("gradient of an embedding gather", () => {
    const table = rand([31, 8], 13);
    const idx = ints(64, 31, 4).reshape([8, 8]);
    const dy = rand([8, 8, 8], 14);
    expectSame(() => tf.grad((t: tf.Tensor) => tf.sum(tf.mul(tf.gather(t, idx), dy)))(table));
  });
});
