// The layer contract (shape, gradients, one step lowers the loss, no tensor leak) for every op
// with parameters, on cpu and on wasm. MoE layers run the path generated programs call (moe-layer.ts).
import { afterAll, describe, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  attend,
  dropout,
  dwaCombine,
  embed,
  gelu,
  growthMask,
  layerNorm,
  linear,
  maskedLayerNorm,
  positions,
  rmsNorm,
  selectBackend,
  type Params,
} from "../../runtime/index.ts";
import { checkLayerContract, P, type LayerCase } from "./helpers.ts";
import { moeLayer, type Expert } from "./moe-layer.ts";

const ones = { kind: "ones" } as const;
const zeros = { kind: "zeros" } as const;
const x3 = (): tf.Tensor => tf.randomNormal([2, 4, 6], 0, 1, "float32", 3);
const tokens = (): tf.Tensor =>
  tf.tensor2d(
    [
      [1, 2, 3, 4],
      [4, 3, 2, 1],
    ],
    [2, 4],
    "int32",
  );

function experts(p: Params, E: number): Expert[] {
  return Array.from(
    { length: E },
    (_, e) => (x: tf.Tensor) =>
      linear(gelu(linear(x, p.get(`e${e}.w1`)!, p.get(`e${e}.b1`)!)), p.get(`e${e}.w2`)!),
  );
}
const expertParams = (E: number, d: number) =>
  Array.from({ length: E }, (_, e) => [
    P(`e${e}.w1`, [d, 8]),
    P(`e${e}.b1`, [8], zeros),
    P(`e${e}.w2`, [8, d]),
  ]).flat();

const cases: Record<string, LayerCase> = {
  linear: {
    params: [P("k", [6, 5]), P("b", [5], zeros)],
    input: x3,
    outputShape: [2, 4, 5],
    forward: (p, x) => linear(x, p.get("k")!, p.get("b")!),
  },
  layerNorm: {
    params: [P("s", [6], ones), P("b", [6], zeros)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) => layerNorm(x, p.get("s")!, p.get("b")!, 1e-5),
  },
  rmsNorm: {
    params: [P("s", [6], ones)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) => rmsNorm(x, p.get("s")!, 1e-6),
  },
  maskedLayerNorm: {
    params: [P("s", [6], ones), P("b", [6], zeros)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) => maskedLayerNorm(x, p.get("s")!, p.get("b")!, growthMask(6, 4, 0.5), 1e-5),
  },
  embed: {
    params: [P("t", [8, 6])],
    input: tokens,
    outputShape: [2, 4, 6],
    forward: (p, x) => embed(x, p.get("t")!),
  },
  "attention (GQA)": {
    params: [P("q", [6, 6]), P("kv", [6, 4]), P("o", [6, 6])],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) => {
      const [k, v] = tf.split(linear(x, p.get("kv")!), 2, -1);
      return linear(attend(linear(x, p.get("q")!), k!, v!, { heads: 3, kvHeads: 1 }), p.get("o")!);
    },
  },
  "moe top-2": {
    params: [P("r", [6, 3]), ...expertParams(3, 6)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) => moeLayer(x, p.get("r")!, experts(p, 3), { router: "softmax", topK: 2 }),
  },
  "moe top-2 (dense strategy)": {
    params: [P("r", [6, 3]), ...expertParams(3, 6)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) =>
      moeLayer(x, p.get("r")!, experts(p, 3), { router: "softmax", topK: 2, strategy: "dense" }),
  },
  "moe switch": {
    params: [P("r", [6, 3]), ...expertParams(3, 6)],
    input: x3,
    outputShape: [2, 4, 6],
    // an expert left without tokens by the capacity limit has zero, but non-null, gradients
    forward: (p, x) => moeLayer(x, p.get("r")!, experts(p, 3), { router: "switch", capacity: 2 }),
  },
  "moe expert choice": {
    params: [P("r", [6, 3]), ...expertParams(3, 6)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) =>
      moeLayer(x, p.get("r")!, experts(p, 3), { router: "expert_choice", capacity: 1 }),
  },
  "moe hash": {
    params: expertParams(3, 6),
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) =>
      moeLayer(x, null, experts(p, 3), { router: "hash", tokens: tokens(), vocab: 8, hashSeed: 1 }),
  },
  "dropout and learned positions": {
    params: [P("k", [6, 6]), P("pos", [8, 6])],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) =>
      dropout(tf.add(linear(x, p.get("k")!), positions(4, p.get("pos")!)), 0.3, 5, true),
  },
  dwa: {
    params: [P("a", [6, 6]), P("w", [3], { kind: "oneHotLast" }, false)],
    input: x3,
    outputShape: [2, 4, 6],
    forward: (p, x) => {
      const h1 = linear(x, p.get("a")!);
      return dwaCombine([x, h1, tf.tanh(h1)], p.get("w")!);
    },
  },
};

describe.each(["cpu", "wasm"] as const)("layer contract on %s", (backend) => {
  afterAll(async () => {
    await selectBackend("cpu");
  });
  for (const [name, c] of Object.entries(cases)) {
    it(name, async () => {
      await selectBackend(backend);
      checkLayerContract(c);
    });
  }
});
