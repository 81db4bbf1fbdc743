// Generated from examples/early-exits.arch by archc; do not edit.
// EarlyExits: 1,296,896 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  exitOut,
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
  name: "EarlyExits",
  source: "examples/early-exits.arch",
  paramCount: 1_296_896,
  vocab: 256,
  context: 64,
  width: 128,
  exits: {
    kind: "exits",
    depth: 6,
    layers: [1, 3],
    scale: 1,
    curriculum: "fixed",
    every: 1,
    rule: "entropy",
    threshold: 1.5,
  },
};

/** Every parameter, in order: 106 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 128], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.mlp.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.mlp.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.causal_self_attention.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.mlp.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.causal_self_attention.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.ln_in.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.mlp.ln_in.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "exits.1.ln_f.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "exits.1.ln_f.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "exits.1.head.kernel", shape: [128, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "exits.3.ln_f.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "exits.3.ln_f.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "exits.3.head.kernel", shape: [128, 256], init: { kind: "normal", std: 0.02 }, decay: true },
];

/** CausalSelfAttention, 6 instances: blocks.0.causal_self_attention … blocks.5.causal_self_attention. */
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
    { scales: [0.17677669529663687, 1, 1] },
  ); // [B, T, 384]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 4, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP, 6 instances: blocks.0.mlp … blocks.5.mlp. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 512]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 128]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** PreLNBlock, 6 instances: blocks.0 … blocks.5. */
function preLNBlock(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 128]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 128]  stdlib/transformer/pre-ln-block.arch:12
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 128]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 128]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 128]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 128]  examples/early-exits.arch:17
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 128]  examples/early-exits.arch:17
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 128]  examples/early-exits.arch:17
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 128]  examples/early-exits.arch:18
  let h2 = h;
  for (let i = 2; i < 4; i++)
    h2 = traced(ctx, `blocks.${i}`, preLNBlock(p, `blocks.${i}`, h2, ctx)); // blocks.2 … blocks.3: [B, T, 128]  examples/early-exits.arch:18
  let h3 = h2;
  for (let i = 4; i < 6; i++)
    h3 = traced(ctx, `blocks.${i}`, preLNBlock(p, `blocks.${i}`, h3, ctx)); // blocks.4 … blocks.5: [B, T, 128]  examples/early-exits.arch:18
  const lnF = layerNorm(h3, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 128]  examples/early-exits.arch:19
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/early-exits.arch:20
  const lnF2 = layerNorm(h, w("exits.1.ln_f.scale"), w("exits.1.ln_f.bias"), 0.00001); // [B, T, 128]  examples/early-exits.arch:19
  const head2 = linear(lnF2, w("exits.1.head.kernel")); // [B, T, 256]  examples/early-exits.arch:20
  const exit = exitOut(ctx, 1, head2, head); // [B, T, 256]  examples/early-exits.arch:18
  const lnF3 = layerNorm(h2, w("exits.3.ln_f.scale"), w("exits.3.ln_f.bias"), 0.00001); // [B, T, 128]  examples/early-exits.arch:19
  const head3 = linear(lnF3, w("exits.3.head.kernel")); // [B, T, 256]  examples/early-exits.arch:20
  const exit2 = exitOut(ctx, 3, head3, exit); // [B, T, 256]  examples/early-exits.arch:18
  return exit2;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "EarlyExits",
  data: { kind: "text", source: "sotu", tokenizer: "bytes", validation: 0.05 },
  batch: 16,
  steps: 300,
  optimizer: { kind: "adamw", lr: 0.003, betas: [0.9, 0.95], weightDecay: 0.1, clip: 1 },
  schedule: { kind: "warmup_cosine", warmup: 30, minLr: 0.0003 },
  evalEvery: 50,
  seed: 1,
};

/** The compiled model. */
export const model: CompiledModel = { meta, params, forward };

// Run directly (`npx tsx model.ts --steps 50 --backend wasm`): train with the runtime (the run keeps build.json and source/).
if (isMain(import.meta.url))
  process.exitCode = await runMain(model, trainConfig, process.argv, { program: import.meta.url });
