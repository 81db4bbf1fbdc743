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
import { relErr } from "./helpers.ts";
import { nativeReason } from "./native-helpers.ts";

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

afterAll(async () => {
  await tf.setBackend("cpu");
});

async function gradients(backend: string, cfg: GptConfig): Promise<Map<string, Float32Array>> {
  await tf.setBackend(backend);
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

async function losses(backend: string): Promise<number[]> {
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
}

describe.skipIf(nativeReason !== null)("native backend training", () => {
  for (const embedding of ["gather", "customGrad", "onehot"] as const) {
    it(`gradients match stock cpu with ${embedding} embedding`, async () => {
      const stock = await gradients("cpu", { ...tiny, embedding });
      const native = await gradients("native", { ...tiny, embedding });
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
