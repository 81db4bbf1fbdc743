// The native backend's SplitV and PadV2 (runtime/kernels/native/split-pad.ts) against the stock cpu
// kernels: odd sizes, every axis, negative axes, a -1 size, empty pieces, float32 and int32, the
// padding constant, with no tensor kept; bool and invalid splits run the fallback (its errors).
// Skipped, with the reason printed, where the addon is not built.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import { pooledByteCount } from "../../runtime/kernels/native/pool.ts";
import { rand } from "./helpers.ts";
import { expectNative, nativeReason } from "./native-helpers.ts";

afterAll(async () => {
  await tf.setBackend("cpu");
});

const ints = (shape: number[]): tf.Tensor =>
  tf.tensor(
    Int32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => ((i * 37) % 101) - 50),
    shape,
    "int32",
  );

describe.skipIf(nativeReason !== null)("native SplitV and PadV2", () => {
  it("split: sizes, counts, -1, empty pieces, every axis, int32", async () => {
    const cases: [number[], number[] | number, number][] = [
      [[7, 5, 3], [2, 4, 1], 0],
      [[7, 5, 3], [1, -1, 3], 1],
      [[7, 5, 3], 3, -1],
      [[7, 5, 3], [0, 3, 0], 2],
      [[16, 12, 9, 5], 3, 1], // the packed q/k/v layout, odd sizes
      [[11], [4, 7], 0],
      [[2, 6, 1], 2, -2],
    ];
    for (const [shape, spec, axis] of cases) {
      await expectNative(
        () => tf.split(rand(shape, 3), spec, axis),
        0,
        `split ${shape} ${spec} ${axis}`,
      );
      await expectNative(
        () => tf.split(ints(shape), spec, axis),
        0,
        `int split ${shape} ${spec} ${axis}`,
      );
    }
  });

  it("runs natively: its float32 outputs come from the pool and return there", async () => {
    await tf.setBackend("native");
    const x = rand([64, 64], 2);
    const parts = tf.split(x, 2, 1);
    const padded = tf.pad(x, [
      [1, 0],
      [0, 0],
    ]);
    const before = pooledByteCount();
    tf.dispose([...parts, padded]);
    expect(pooledByteCount() - before).toBe((2 * 64 * 32 + 65 * 64) * 4);
    x.dispose();
  });

  it("split: bool runs the fallback; an invalid split raises tfjs's error", async () => {
    await expectNative(
      () => tf.split(tf.tensor([true, false, true, true], [4], "bool"), 2),
      0,
      "bool",
    );
    await tf.setBackend("native");
    expect(() => tf.split(rand([5, 3], 1), 2)).toThrow(/evenly divide/);
    expect(() => tf.split(rand([5, 3], 1), [2, 2])).toThrow();
  });

  it("pad: odd paddings on each axis, constants, int32, zero-size and rank 1", async () => {
    const cases: [number[], [number, number][], number][] = [
      [
        [64, 13],
        [
          [1, 0],
          [0, 0],
        ],
        0,
      ], // the causal shift of the small GPT
      [
        [3, 5, 7],
        [
          [0, 2],
          [1, 1],
          [3, 0],
        ],
        -1.5,
      ],
      [[9], [[4, 5]], 7],
      [
        [2, 1, 3, 2],
        [
          [1, 1],
          [0, 3],
          [2, 0],
          [0, 1],
        ],
        0,
      ],
      [
        [0, 4],
        [
          [1, 1],
          [2, 0],
        ],
        3,
      ],
    ];
    for (const [shape, pads, c] of cases) {
      await expectNative(() => tf.pad(rand(shape, 5), pads, c), 0, `pad ${shape} ${pads}`);
      await expectNative(
        () => tf.pad(ints(shape), pads, c === -1.5 ? -2 : c),
        0,
        `int pad ${shape}`,
      );
    }
  });

  it("pad and split gradients train through them as on stock cpu", async () => {
    const f = (): tf.Tensor[] => {
      const x = rand([6, 5], 9);
      const g = tf.grad((t: tf.Tensor) => {
        const [a, b] = tf.split(
          tf.pad(
            t,
            [
              [1, 2],
              [0, 3],
            ],
            0.5,
          ),
          [4, 5],
          0,
        );
        return tf.sum(tf.mul(a!, 2)).add(tf.sum(tf.square(b!)));
      })(x);
      return [g];
    };
    await expectNative(f, 1e-6, "grads");
  });
});
