// Fast BatchMatMul / _FusedMatMul against the stock cpu kernels: odd sizes, sizes that cross the
// gemm's K and M blocks, all transpose combinations, batch broadcasting, fused bias + activations.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { enableFastCpuKernels } from "../../runtime/kernels/index.ts";
import { expectSame, rand, relErr } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [3, 5, 7],
  [17, 9, 33],
  [130, 37, 300],
  [64, 64, 32],
];

describe("BatchMatMul", () => {
  it("2-D, all transposes, odd and block-crossing sizes", () => {
    let seed = 1;
    for (const [M, N, K] of shapes) {
      for (const ta of [false, true]) {
        for (const tb of [false, true]) {
          const a = rand(ta ? [K, M] : [M, K], seed++);
          const b = rand(tb ? [N, K] : [K, N], seed++);
          expectSame(() => tf.matMul(a, b, ta, tb), 1e-5, `${M}x${N}x${K} ${ta} ${tb}`);
        }
      }
    }
  });

  it("batched with equal batches and with a broadcast batch of one", () => {
    expectSame(() => tf.matMul(rand([4, 3, 5, 7], 10), rand([4, 3, 7, 6], 11)));
    expectSame(() => tf.matMul(rand([6, 9, 5], 12), rand([6, 11, 5], 13), false, true));
    expectSame(() => tf.matMul(rand([6, 5, 9], 14), rand([1, 5, 11], 15), true, false));
    expectSame(() => tf.matMul(rand([1, 5, 9], 16), rand([6, 9, 11], 17)));
  });

  it("general batch broadcasting ([2,1] × [1,3]) matches explicit tiling", () => {
    // Stock tfjs gets this case wrong, so compare with a stock product of tiled inputs.
    enableFastCpuKernels();
    const a = rand([2, 1, 4, 5], 20),
      b = rand([1, 3, 5, 6], 21);
    const fast = tf.matMul(a, b);
    expect(fast.shape).toEqual([2, 3, 4, 6]);
    const ref = tf.stack(
      [0, 1].map((i) =>
        tf.stack(
          [0, 1, 2].map((j) =>
            tf.matMul(
              a.slice([i, 0, 0, 0], [1, 1, 4, 5]).reshape([4, 5]),
              b.slice([0, j, 0, 0], [1, 1, 5, 6]).reshape([5, 6]),
            ),
          ),
        ),
      ),
    );
    expect(relErr(fast.dataSync(), ref.dataSync())).toBeLessThan(1e-5);
  });

  it("empty inner and outer dimensions", () => {
    expectSame(() => tf.matMul(rand([3, 0], 70), rand([0, 4], 71)));
    expectSame(() => tf.matMul(rand([0, 5], 72), rand([5, 4], 73)));
  });

  it("integer-backed float32 (cast) inputs", () => {
    const a = tf.tensor2d(
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [2, 3],
      "int32",
    );
    expectSame(() => tf.matMul(a.toFloat(), rand([3, 4], 30)));
  });
});

describe("_FusedMatMul", () => {
  it("bias and activations, with transposes", () => {
    let seed = 40;
    for (const activation of ["linear", "relu", "relu6", "elu", "sigmoid", "leakyrelu"] as const) {
      for (const [ta, tb] of [
        [false, false],
        [true, false],
        [false, true],
      ] as const) {
        const a = rand(ta ? [19, 13] : [13, 19], seed++, -3, 3);
        const b = rand(tb ? [7, 19] : [19, 7], seed++);
        const bias = rand([7], seed++);
        expectSame(
          () => tf.fused.matMul({ a, b, bias, activation, transposeA: ta, transposeB: tb }),
          1e-5,
          activation,
        );
      }
    }
    expectSame(() =>
      tf.fused.matMul({ a: rand([3, 5, 6], 50), b: rand([3, 6, 4], 51), bias: rand([1], 52) }),
    );
    expectSame(() =>
      tf.fused.matMul({ a: rand([5, 6], 53), b: rand([6, 4], 54), bias: rand([5, 4], 55) }),
    );
    expectSame(() =>
      tf.fused.matMul({ a: rand([5, 6], 56), b: rand([6, 4], 57), bias: rand([5, 1], 58) }),
    );
  });

  it("prelu falls back to the stock kernel", () => {
    expectSame(() =>
      tf.fused.matMul({
        a: rand([5, 6], 60),
        b: rand([6, 4], 61),
        activation: "prelu",
        preluActivationWeights: rand([4], 62),
      }),
    );
  });
});

describe("wasm matmul delegate (opt-in)", () => {
  it("gives the same products and fused products as stock cpu", async () => {
    const { enableWasmMatmul, disableWasmMatmul } =
      await import("../../runtime/kernels/wasm-matmul.ts");
    expect(await enableWasmMatmul()).toBe(true);
    expect(tf.getBackend()).toBe("cpu");
    try {
      let seed = 200;
      for (const [M, N, K] of [
        [130, 37, 300],
        [64, 64, 32],
        [3, 5, 7],
      ] as const) {
        for (const [ta, tb] of [
          [false, false],
          [true, false],
          [false, true],
          [true, true],
        ] as const) {
          const a = rand(ta ? [K, M] : [M, K], seed++);
          const b = rand(tb ? [N, K] : [K, N], seed++);
          expectSame(() => tf.matMul(a, b, ta, tb), 1e-5, `wasm ${M}x${N}x${K} ${ta} ${tb}`);
        }
      }
      expectSame(() =>
        tf.matMul(rand([2, 2, 100, 110], 210), rand([2, 2, 90, 110], 211), false, true),
      );
      expectSame(() => tf.matMul(rand([3, 110, 100], 212), rand([1, 110, 100], 213), true, false));
      expectSame(() =>
        tf.fused.matMul({
          a: rand([50, 60], 214),
          b: rand([60, 40], 215),
          bias: rand([40], 216),
          activation: "relu",
        }),
      );
    } finally {
      disableWasmMatmul();
    }
  });
});
