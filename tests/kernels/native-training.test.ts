// The native backend end to end: a small GPT's loss and gradients (matmuls with transposes, split,
// attention softmax, layernorm, GELU, gather and its scatter-add gradient, cross-entropy) equal
// stock cpu's, and four Adam steps train it to the same losses without keeping tensors or data.
// Skipped, with the reason printed, where the addon is not built.
import * as tf from "../../runtime/tf.ts";
import { afterAll, describe, expect, it } from "vitest";
import {
  createGpt,
  makeTrainer,
  randomBatch,
  type GptConfig,
} from "../../bench/hand-written/gpt.ts";
import { gptGradients, relErr, TINY_GPT } from "./helpers.ts";
import { nativeReason } from "./native-helpers.ts";

afterAll(async () => {
  await tf.setBackend("cpu");
});

async function gradients(backend: string, cfg: GptConfig): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
  return gptGradients(cfg);
}

async function losses(backend: string): Promise<number[]> {
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
}

describe.skipIf(nativeReason !== null)("native backend training", () => {
  for (const embedding of ["gather", "customGrad", "onehot"] as const) {
    it(`gradients match stock cpu with ${embedding} embedding`, async () => {
      const stock = await gradients("cpu", { ...TINY_GPT, embedding });
      const native = await gradients("native", { ...TINY_GPT, embedding });
      for (const [name, s] of stock) {
        const err = relErr(native.get(name)!, s);
        expect(err, `${name}: ${err}`).toBeLessThan(1e-4);
      }
    });
  }

  it("trains like stock cpu and keeps no tensors across steps", async () => {
    const stock = await losses("cpu");
    const native = await losses("native");
    expect(native[3]).toBeLessThan(native[0]!);
    for (let i = 0; i < stock.length; i++)
      expect(Math.abs(native[i]! - stock[i]!)).toBeLessThan(1e-4 * Math.abs(stock[i]!));
  });
});
