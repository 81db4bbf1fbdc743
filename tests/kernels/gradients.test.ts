// End-to-end checks of the fast cpu kernels: the gradients of a small GPT (the hand-written
// benchmark model, which exercises matmuls with transposes, split, attention softmax, layernorm,
// GELU, gather and its UnsortedSegmentSum gradient, cross-entropy) match the stock kernels, and the
// separate "cpu-fast" backend trains it to the same losses as stock `cpu`.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { createGpt, makeTrainer, randomBatch } from "../../bench/hand-written/gpt.ts";
import {
  disableFastCpuKernels,
  enableFastCpuKernels,
  FAST_CPU_BACKEND,
  FAST_CPU_KERNELS,
  registerFastCpuBackend,
} from "../../runtime/kernels/index.ts";
import { gptGradients, relErr, TINY_GPT } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("small GPT gradients", () => {
  for (const embedding of ["gather", "customGrad", "onehot"] as const) {
    it(`match stock with ${embedding} embedding`, () => {
      disableFastCpuKernels();
      const stock = gptGradients({ ...TINY_GPT, embedding });
      enableFastCpuKernels();
      const fast = gptGradients({ ...TINY_GPT, embedding });
      for (const [name, s] of stock) {
        const err = relErr(fast.get(name)!, s);
        expect(err, `${name}: ${err}`).toBeLessThan(1e-4);
      }
    });
  }
});

describe("cpu-fast backend", () => {
  it("registers every stock kernel, replaces the hot ones, and trains like stock cpu", async () => {
    disableFastCpuKernels();
    expect(registerFastCpuBackend()).toBe(FAST_CPU_BACKEND);
    expect(tf.getKernelsForBackend(FAST_CPU_BACKEND).length).toBe(
      tf.getKernelsForBackend("cpu").length,
    );
    for (const k of FAST_CPU_KERNELS) {
      expect(tf.getKernel(k, FAST_CPU_BACKEND)!.kernelFunc, k).not.toBe(
        tf.getKernel(k, "cpu")!.kernelFunc,
      );
    }
    const losses = async (backend: string): Promise<number[]> => {
      await tf.setBackend(backend);
      const gpt = createGpt(TINY_GPT);
      const tr = makeTrainer(gpt);
      const { x, y } = randomBatch(TINY_GPT, 5);
      const out = [tr.step(x, y), tr.step(x, y)];
      const before = tf.memory().numTensors;
      const ids = tf.engine().backend.numDataIds();
      out.push(tr.step(x, y), tr.step(x, y));
      expect(tf.memory().numTensors, `${backend} leaks tensors`).toBe(before);
      expect(tf.engine().backend.numDataIds(), `${backend} leaks data`).toBe(ids);
      tr.dispose();
      gpt.dispose();
      tf.dispose([x, y]);
      return out;
    };
    const stock = await losses("cpu");
    const fast = await losses(FAST_CPU_BACKEND);
    await tf.setBackend("cpu");
    expect(stock[3]).toBeLessThan(stock[0]!);
    for (let i = 0; i < stock.length; i++)
      expect(Math.abs(fast[i]! - stock[i]!)).toBeLessThan(1e-4 * Math.abs(stock[i]!));
  });
});
