// Generated from examples/all-attention.arch by archc; do not edit.
// AllAttention: 329,280 parameters. Run it: npx tsx model.ts --help

import {
  add,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  layerNorm,
  linear,
  positions,
  runMain,
  scope,
  tf,
  tiedHead,
  traced,
  type CompiledModel,
  type ForwardContext,
  type ModelMeta,
  type ParamInit,
  type Params,
  type TrainConfig,
} from "./runtime.ts";

/** Static facts about the model. */
export const meta: ModelMeta = {
  name: "AllAttention",
  source: "examples/all-attention.arch",
  paramCount: 329_280,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 76 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.memory.keys", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.memory.values", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.memory.keys", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.1.memory.values", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.1.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.memory.keys", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.2.memory.values", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.2.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.memory.keys", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.3.memory.values", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.3.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.memory.keys", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.4.memory.values", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.4.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.memory.keys", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.5.memory.values", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.5.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [96], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention, 6 instances: blocks.0 … blocks.5. */
function causalSelfAttention(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const qkv = fusedLinear(
    x,
    [w("q.kernel"), w("k.kernel"), w("v.kernel")],
    [w("q.bias"), w("k.bias"), w("v.bias")],
    { scales: [0.20412414523193154, 1, 1] },
  ); // [B, T, 288]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    {
      heads: 4,
      causal: true,
      prescaled: true,
      memory: { keys: w("memory.keys"), values: w("memory.values") },
    },
    ctx,
  ); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** AllAttentionLayer, 6 instances: blocks.0 … blocks.5. */
function allAttentionLayer(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(x, w("ln_in.scale"), w("ln_in.bias"), 0.00001); // [B, T, 96]  examples/all-attention.arch:16
  const blocks0 = causalSelfAttention(p, at, lnIn, ctx); // [B, T, 96]  examples/all-attention.arch:16
  const residual = add(x, blocks0); // [B, T, 96]  examples/all-attention.arch:16
  return residual;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/all-attention.arch:21
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/all-attention.arch:21
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 96]  examples/all-attention.arch:21
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 6; i++)
    h = traced(ctx, `blocks.${i}`, allAttentionLayer(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.5: [B, T, 96]  examples/all-attention.arch:22
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/all-attention.arch:23
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/all-attention.arch:24
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "AllAttention",
  data: { kind: "text", source: "sotu", tokenizer: "bytes", validation: 0.05 },
  batch: 16,
  steps: 300,
  optimizer: { kind: "adamw", lr: 0.002, betas: [0.9, 0.95], weightDecay: 0.1, clip: 1 },
  schedule: { kind: "warmup_cosine", warmup: 30, minLr: 0.0003 },
  evalEvery: 50,
  seed: 1,
};

/** The compiled model. */
export const model: CompiledModel = { meta, params, forward };

// Run directly (`npx tsx model.ts --steps 50 --backend wasm`): train with the runtime (the run keeps build.json and source/).
if (isMain(import.meta.url))
  process.exitCode = await runMain(model, trainConfig, process.argv, { program: import.meta.url });
