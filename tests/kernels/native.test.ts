// The native backend's kernels (runtime/kernels/native/, native/src) against the stock cpu
// kernels: matrix products (odd sizes, transposes, batch broadcasting, fused bias/activation),
// broadcasting binary ops, unary ops, reductions, softmax, transposes, gather and scatter-add, on
// float32 and int32; no tensors kept. Skipped, with the reason printed, where the addon is not built.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { loadAddon } from "../../runtime/kernels/native/addon.ts";
import { NATIVE_KERNELS } from "../../runtime/kernels/native/register.ts";
import { mulberry32 } from "../support/rng.ts";
import { rand } from "./helpers.ts";
import { expectNative, nativeReason } from "./native-helpers.ts";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const ints = (shape: number[], seed: number, n: number): tf.Tensor =>
  tf.tensor(
    Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => (i * 7 + seed) % n),
    shape,
    "int32",
  );

describe.skipIf(nativeReason !== null)("native backend kernels", () => {
  it("registers the kernels it names and reports its BLAS", () => {
    for (const k of NATIVE_KERNELS) expect(tf.getKernel(k, "native"), k).toBeDefined();
    const addon = loadAddon();
    expect(typeof addon).not.toBe("string");
    if (typeof addon !== "string") expect(addon.blasName().length).toBeGreaterThan(0);
  });

  it("matMul: odd sizes, every transpose, batch broadcasting", async () => {
    const cases: [number[], number[], boolean, boolean][] = [
      [[7, 13], [13, 5], false, false],
      [[13, 7], [13, 5], true, false],
      [[7, 13], [5, 13], false, true],
      [[13, 7], [5, 13], true, true],
      [[3, 7, 13], [3, 13, 5], false, false],
      [[3, 7, 13], [13, 5], false, false], // one-sided batch
      [[4, 33, 65], [4, 33, 17], true, false],
      [[1, 1], [1, 1], false, false],
      [[5, 0], [0, 3], false, false], // K = 0
    ];
    for (const [sa, sb, ta, tb] of cases)
      await expectNative(
        () => tf.matMul(rand(sa, 1), rand(sb, 2), ta, tb),
        1e-5,
        `${JSON.stringify([sa, sb])} ${ta} ${tb}`,
      );
  });

  it("matMul broadcasts batch dims in general (stock cpu pairs them wrongly; compared with tiles)", async () => {
    await expectNative(
      () => tf.matMul(rand([2, 1, 7, 13], 1), rand([1, 3, 13, 5], 2)),
      1e-5,
      "[2,1]·[1,3]",
      () =>
        tf.matMul(
          tf.tile(rand([2, 1, 7, 13], 1), [1, 3, 1, 1]),
          tf.tile(rand([1, 3, 13, 5], 2), [2, 1, 1, 1]),
        ),
    );
  });

  it("fused matMul with bias and activations", async () => {
    for (const activation of ["linear", "relu", "elu", "sigmoid"] as const)
      await expectNative(
        () =>
          tf.fused.matMul({
            a: rand([2, 9, 11], 3),
            b: rand([2, 11, 6], 4),
            bias: rand([6], 5),
            activation,
          }),
        1e-5,
        activation,
      );
  });

  it("binary ops with broadcasting", async () => {
    const pairs: [number[], number[]][] = [
      [
        [3, 5, 7],
        [3, 5, 7],
      ],
      [[3, 5, 7], []],
      [[], [4, 6]],
      [[3, 5, 7], [7]],
      [
        [3, 5, 7],
        [3, 5, 1],
      ],
      [
        [3, 1, 7],
        [1, 5, 1],
      ],
      [
        [1, 9],
        [13, 1],
      ],
      [
        [5, 1, 1, 3],
        [5, 4, 2, 1],
      ],
    ];
    const ops: [string, (a: tf.Tensor, b: tf.Tensor) => tf.Tensor][] = [
      ["add", tf.add],
      ["sub", tf.sub],
      ["mul", tf.mul],
      ["div", tf.div],
      ["maximum", tf.maximum],
      ["minimum", tf.minimum],
      ["squaredDifference", tf.squaredDifference],
      ["pow", (a, b) => tf.pow(tf.abs(a), b)],
    ];
    for (const [name, op] of ops)
      for (const [sa, sb] of pairs)
        await expectNative(() => op(rand(sa, 6), rand(sb, 7, 0.5, 2)), 1e-5, `${name} ${sa} ${sb}`);
    // int32 runs the fallback and keeps its dtype
    await expectNative(() => tf.add(ints([4, 3], 1, 9), ints([3], 2, 5)), 0, "int add");
  });

  it("unary ops, NaN and infinities included", async () => {
    const x = (): tf.Tensor =>
      tf.concat([rand([37], 8, -3, 3), tf.tensor([NaN, 0, -0, 1e30, -1e30])]);
    const pos = (): tf.Tensor => rand([41], 9, 0.01, 5);
    const ops: [string, () => tf.Tensor][] = [
      ["exp", () => tf.exp(x())],
      ["log", () => tf.log(pos())],
      ["tanh", () => tf.tanh(x())],
      ["sqrt", () => tf.sqrt(pos())],
      ["rsqrt", () => tf.rsqrt(pos())],
      ["neg", () => tf.neg(x())],
      ["square", () => tf.square(rand([41], 10))],
      ["reciprocal", () => tf.reciprocal(pos())],
      ["relu", () => tf.relu(x())],
      ["sigmoid", () => tf.sigmoid(x())],
      ["abs", () => tf.abs(x())],
      ["erf", () => tf.erf(rand([300], 11, -4, 4))],
    ];
    for (const [name, f] of ops) await expectNative(f, name === "erf" ? 2e-6 : 1e-6, name);
  });

  it("reductions over leading, middle, trailing and all axes", async () => {
    const axes: (number | number[] | undefined)[] = [undefined, 0, 1, 2, -1, [0, 1], [1, 2]];
    for (const axis of axes)
      for (const [name, op] of [
        ["sum", tf.sum],
        ["mean", tf.mean],
        ["max", tf.max],
        ["min", tf.min],
      ] as const)
        await expectNative(() => op(rand([5, 7, 9], 12), axis, true), 1e-6, `${name} ${axis}`);
    await expectNative(() => tf.sum(rand([3, 4, 5], 13), [0, 2]), 1e-6, "non-collapsing axes");
  });

  it("column sums over many rows (bias gradients) give stock cpu's bits: each column's rows in order", async () => {
    // 8-row blocks (native/src/reduce.cc sumRows) with a tail of rows and of vector lanes. Each
    // column holds +2^50 and −2^50 at rows of its own: the values added between them are rounded
    // to 2^-2, the others not, so any other order of the rows gives other bits.
    const cancelling = ([r, c]: [number, number], seed: number): tf.Tensor => {
      const next = mulberry32(seed);
      const v = Float32Array.from({ length: r * c }, () => next() - 0.5); // [r, c]
      for (let j = 0; j < c; j++) {
        const [a, b] = [(7 * j) % r, (13 * j + 5) % r];
        v[a * c + j] = 2 ** 50;
        v[(b === a ? (a + 1) % r : b) * c + j] = -(2 ** 50);
      }
      return tf.tensor2d(v, [r, c]);
    };
    for (const shape of [
      [1031, 37],
      [16, 130],
      [9, 1],
    ] as [number, number][])
      await expectNative(() => tf.sum(cancelling(shape, 16), 0), 0, `sum ${shape}`);
    await expectNative(() => tf.sum(rand([3, 9, 5], 16), 1), 0, "sum [3, 9, 5] axis 1");
    // stock Mean rounds the sum to float32 before dividing, native divides the double sum: an ulp
    await expectNative(() => tf.mean(rand([1031, 37], 17), 0), 2e-7, "mean");
  });

  it("softmax over the last axis", async () => {
    await expectNative(() => tf.softmax(rand([3, 5, 17], 14, -20, 20)), 1e-6);
    await expectNative(() => tf.softmax(rand([1], 15)), 1e-6);
    // rows shorter than, equal to and past softmax_row.h's 16 lanes; masked (−∞) entries
    for (const cols of [2, 15, 16, 33, 257])
      await expectNative(() => tf.softmax(rand([4, cols], cols, -30, 30)), 1e-6, `${cols} columns`);
    const masked = tf.tensor2d([[0, -Infinity, 3, -Infinity, ...Array<number>(14).fill(1)]]);
    await expectNative(() => tf.softmax(masked), 1e-6, "−∞ entries");
    masked.dispose();
  });

  it("transposes of float32 and int32", async () => {
    const perms: [number[], number[]][] = [
      [
        [5, 7],
        [1, 0],
      ],
      [
        [2, 3, 4, 5],
        [0, 2, 1, 3],
      ],
      [
        [2, 3, 4, 5],
        [3, 2, 1, 0],
      ],
      [
        [2, 1, 4, 5],
        [1, 3, 0, 2],
      ],
      [
        [33, 65],
        [1, 0],
      ],
    ];
    for (const [shape, perm] of perms) {
      await expectNative(() => tf.transpose(rand(shape, 16), perm), 0, `${shape} ${perm}`);
      await expectNative(() => tf.transpose(ints(shape, 3, 100), perm), 0, `int ${shape}`);
    }
  });

  it("concat along every axis, float32 and int32, empty parts included", async () => {
    for (const axis of [0, 1, 2, -1])
      await expectNative(
        () => tf.concat([rand([2, 3, 4], 21), rand([2, 3, 4], 22), rand([2, 3, 4], 23)], axis),
        0,
        `axis ${axis}`,
      );
    await expectNative(
      () => tf.concat([rand([2, 5], 24), rand([2, 1], 25), rand([2, 0], 26)], 1),
      0,
      "uneven",
    );
    await expectNative(() => tf.concat([ints([3, 2], 1, 9), ints([3, 4], 2, 9)], 1), 0, "int32");
  });

  it("gather along an axis and its scatter-add gradient", async () => {
    await expectNative(() => tf.gather(rand([11, 6], 17), ints([4, 5], 1, 11)), 0, "rows");
    await expectNative(() => tf.gather(rand([3, 11, 2], 18), ints([7], 2, 11), 1), 0, "axis 1");
    await expectNative(() => tf.gather(ints([9, 3], 1, 50), ints([4], 0, 9)), 0, "int32");
    await expectNative(
      () => tf.unsortedSegmentSum(rand([20, 6], 19), ints([20], 3, 7) as tf.Tensor1D, 9),
      1e-6,
      "segment sum",
    );
    await expectNative(
      () =>
        tf.grad((t: tf.Tensor) =>
          tf
            .gather(t, ints([15], 4, 8))
            .square()
            .sum(),
        )(rand([8, 5], 20)),
      1e-6,
      "gather gradient",
    );
    await tf.setBackend("native");
    expect(() => tf.gather(rand([4, 2], 1), tf.tensor1d([5], "int32")).dataSync()).toThrow();
  });
});
