// End-to-end checks of the fast cpu kernels: the gradients of a small GPT (the hand-written
// benchmark model, which exercises matmuls with transposes, split, attention softmax, layernorm,
// GELU, gather and its UnsortedSegmentSum gradient, cross-entropy) match the stock kernels, and the
// separate "cpu-fast" backend trains it to the same losses as stock `cpu`.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createGpt,
  makeTrainer,
  randomBatch,
  type GptConfig,
} from "../../bench/hand-written/gpt.ts";
import {
  disableFastCpuKernels,
  enableFastCpuKernels,
  FAST_CPU_BACKEND,
  FAST_CPU_KERNELS,
  registerFastCpuBackend,
} from "../../runtime/kernels/index.ts";
import { relErr } from "./helpers.ts";

const tiny: GptConfig = {
  vocab: 37,
  d: 24,
  heads: 3,
  layers: 2,
  ctx: 9,
  batch: 3,
  lr: 1e-2,
  embedding: "gather",
  seed: 3,
};

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function gradients(cfg: GptConfig): Map<string, Float32Array> {
  const gpt = createGpt(cfg);
  const { x, y } = randomBatch(cfg, 5);
  const { grads, value } = tf.variableGrads(() => gpt.loss(x, y), [...gpt.params.values()]);
  const out = new Map<string, Float32Array>();
  out.set("loss", value.dataSync() as Float32Array);
  for (const [name, p] of gpt.params) out.set(name, grads[p.name]!.dataSync() as Float32Array);
  tf.dispose([x, y, value, ...Object.values(grads)]);
  gpt.dispose();
  return out;
}

describe("small GPT gradients", () => {
  for (const embedding of ["gather", "customGrad", "onehot"] as const) {
    it(`match stock with ${embedding} embedding`, () => {
      disableFastCpuKernels();
      const stock = gradients({ ...tiny, embedding });
      enableFastCpuKernels();
      const fast = gradients({ ...tiny, embedding });
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
      const gpt = createGpt(tiny);
      const tr = makeTrainer(gpt);
      const { x, y } = randomBatch(tiny, 5);
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
