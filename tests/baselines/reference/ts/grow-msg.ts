// Generated from examples/grow-msg.arch by archc; do not edit.
// GrowGPT: 120,576 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attend,
  attendPacked,
  embed,
  fusedLinear,
  gelu,
  growMasked,
  grownLayerNorm,
  isMain,
  layerNorm,
  linear,
  positions,
  runMain,
  scope,
  sub,
  tf,
  tiedHead,
  traced,
  type CompiledModel,
  type ForwardContext,
  type GrowPlan,
  type ModelMeta,
  type ParamInit,
  type Params,
  type TrainConfig,
} from "./runtime.ts";

/** Static facts about the model. */
export const meta: ModelMeta = {
  name: "GrowGPT",
  source: "examples/grow-msg.arch",
  paramCount: 120_576,
  vocab: 256,
  context: 64,
  width: 64,
};

/** Every parameter, in order: 36 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 64], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [64, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [256], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [256, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [64, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [256], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [256, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [64], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention: blocks.0.causal_self_attention, blocks.1.causal_self_attention. */
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
    { scales: [0.25, 1, 1] },
  ); // [B, T, 192]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 4, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 64]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 64]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP: blocks.0.mlp, blocks.1.mlp. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 256]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 64]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** PreLNBlock: blocks.0, blocks.1. */
function preLNBlock(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:12
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 64]  examples/grow-msg.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 64]  examples/grow-msg.arch:18
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 64]  examples/grow-msg.arch:18
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 64]  examples/grow-msg.arch:19
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 64]  examples/grow-msg.arch:20
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/grow-msg.arch:21
  return head;
}

/** Stage 1, from step 100: ffn 256 → 512, masked over 50 steps. */
export const metaStage1: ModelMeta = {
  name: "GrowGPT",
  source: "examples/grow-msg.arch",
  paramCount: 186_624,
  vocab: 256,
  context: 64,
  width: 64,
};

/** Stage 1's parameters, in order. */
// prettier-ignore
export const paramsStage1: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 64], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [64, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [512, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [64, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [512, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [64], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention: blocks.0.causal_self_attention, blocks.1.causal_self_attention. */
function causalSelfAttention2(
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
    { scales: [0.25, 1, 1] },
  ); // [B, T, 192]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 4, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 64]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 64]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP: blocks.0.mlp, blocks.1.mlp. */
function mlp2(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const linear0 = linear(x, w("linear_0.kernel"), w("linear_0.bias")); // [B, T, 512]  stdlib/ffn/mlp.arch:7
  const linear0Grow = growMasked(linear0, 256, 100, 50, ctx.step); // [B, T, 512]  stdlib/ffn/mlp.arch:7
  const geluOut = gelu(linear0Grow); // [B, T, 512]  stdlib/ffn/mlp.arch:8
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 64]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** PreLNBlock: blocks.0, blocks.1. */
function preLNBlock2(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention2(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:12
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp2(p, `${at}.mlp`, lnIn2, ctx); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
function forwardStage1(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 64]  examples/grow-msg.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 64]  examples/grow-msg.arch:18
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 64]  examples/grow-msg.arch:18
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock2(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 64]  examples/grow-msg.arch:19
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 64]  examples/grow-msg.arch:20
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/grow-msg.arch:21
  return head;
}

/** Stage 2, from step 200: heads 4 → 8, masked over 50 steps. */
export const metaStage2: ModelMeta = {
  name: "GrowGPT",
  source: "examples/grow-msg.arch",
  paramCount: 219_776,
  vocab: 256,
  context: 64,
  width: 64,
};

/** Stage 2's parameters, in order. */
// prettier-ignore
export const paramsStage2: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 64], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 64], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [128, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [64, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [512, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [128, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [64, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [512, 64], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [64], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [64], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [64], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention: blocks.0.causal_self_attention, blocks.1.causal_self_attention. */
function causalSelfAttention3(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const q = linear(x, w("q.kernel"), w("q.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:12
  const qGrow = growMasked(q, 64, 200, 50, ctx.step); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:12
  const k = linear(x, w("k.kernel"), w("k.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:13
  const kGrow = growMasked(k, 64, 200, 50, ctx.step); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:13
  const v = linear(x, w("v.kernel"), w("v.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:14
  const vGrow = growMasked(v, 64, 200, 50, ctx.step); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:14
  const attention = attend(qGrow, kGrow, vGrow, { heads: 8, causal: true, fused: true }, ctx); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 64]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP: blocks.0.mlp, blocks.1.mlp. */
function mlp3(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 512]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 64]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** PreLNBlock: blocks.0, blocks.1. */
function preLNBlock3(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention3(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:12
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp3(p, `${at}.mlp`, lnIn2); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 64]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
function forwardStage2(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 64]  examples/grow-msg.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 64]  examples/grow-msg.arch:18
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 64]  examples/grow-msg.arch:18
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock3(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 64]  examples/grow-msg.arch:19
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 64]  examples/grow-msg.arch:20
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/grow-msg.arch:21
  return head;
}

/** Stage 3, from step 300: width 64 → 96, masked over 50 steps. */
export const metaStage3: ModelMeta = {
  name: "GrowGPT",
  source: "examples/grow-msg.arch",
  paramCount: 328_768,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Stage 3's parameters, in order. */
// prettier-ignore
export const paramsStage3: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [128, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [96, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [512, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [128, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [96, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [512, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [96], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention: blocks.0.causal_self_attention, blocks.1.causal_self_attention. */
function causalSelfAttention4(
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
    { scales: [0.25, 1, 1] },
  ); // [B, T, 384]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 8, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  const outGrow = growMasked(out, 64, 300, 50, ctx.step); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return outGrow;
}

/** MLP: blocks.0.mlp, blocks.1.mlp. */
function mlp4(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 512]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  const linear1Grow = growMasked(linear1, 64, 300, 50, ctx.step); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1Grow;
}

/** PreLNBlock: blocks.0, blocks.1. */
function preLNBlock4(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = grownLayerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
    [[64, 300, 50]],
    ctx.step,
  ); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention4(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:12
  const residual = add(x, causalSelfAttentionOut); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:11
  const lnIn2 = grownLayerNorm(
    residual,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
    [[64, 300, 50]],
    ctx.step,
  ); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp4(p, `${at}.mlp`, lnIn2, ctx); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
function forwardStage3(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/grow-msg.arch:18
  const tokenEmbeddingGrow = growMasked(tokenEmbedding, 64, 300, 50, ctx.step); // [B, T, 96]  examples/grow-msg.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/grow-msg.arch:18
  const learnedPositionsGrow = growMasked(learnedPositions, 64, 300, 50, ctx.step); // [B, T, 96]  examples/grow-msg.arch:18
  const embedOut = add(tokenEmbeddingGrow, learnedPositionsGrow); // [B, T, 96]  examples/grow-msg.arch:18
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock4(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 96]  examples/grow-msg.arch:19
  const lnF = grownLayerNorm(
    h,
    w("ln_f.scale"),
    w("ln_f.bias"),
    0.00001,
    [[64, 300, 50]],
    ctx.step,
  ); // [B, T, 96]  examples/grow-msg.arch:20
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/grow-msg.arch:21
  return head;
}

/** Stage 4, from step 400: depth 2 → 4 by stacking, masked over 50 steps. */
export const metaStage4: ModelMeta = {
  name: "GrowGPT",
  source: "examples/grow-msg.arch",
  paramCount: 626_624,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Stage 4's parameters, in order. */
// prettier-ignore
export const paramsStage4: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [128, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [96, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [512, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [128, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [96, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [512, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.q.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.k.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.v.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.out.kernel", shape: [128, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_0.kernel", shape: [96, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_1.kernel", shape: [512, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.q.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.k.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.v.kernel", shape: [96, 128], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.out.kernel", shape: [128, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_0.kernel", shape: [96, 512], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_1.kernel", shape: [512, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [96], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention, 4 instances: blocks.0.causal_self_attention … blocks.3.causal_self_attention. */
function causalSelfAttention5(
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
    { scales: [0.25, 1, 1] },
  ); // [B, T, 384]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 8, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP, 4 instances: blocks.0.mlp … blocks.3.mlp. */
function mlp5(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 512]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** PreLNBlock, 4 instances: blocks.0 … blocks.3. */
function preLNBlock5(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention5(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:12
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp5(p, `${at}.mlp`, lnIn2); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
function forwardStage4(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/grow-msg.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/grow-msg.arch:18
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 96]  examples/grow-msg.arch:18
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock5(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 96]  examples/grow-msg.arch:19
  const h2 = traced(ctx, "blocks.2", preLNBlock5(p, "blocks.2", h, ctx)); // [B, T, 96]  examples/grow-msg.arch:19
  const growDelta = sub(h2, h); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const residualGrow = growMasked(growDelta, 0, 400, 50, ctx.step); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const growMix = add(h, residualGrow); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const h3 = traced(ctx, "blocks.3", preLNBlock5(p, "blocks.3", growMix, ctx)); // [B, T, 96]  examples/grow-msg.arch:19
  const growDelta2 = sub(h3, growMix); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const residualGrow2 = growMasked(growDelta2, 0, 400, 50, ctx.step); // [B, T, 96]  stdlib/transformer/pre-ln-block.arch:14
  const [, lnF] = addLayerNorm(growMix, residualGrow2, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/grow-msg.arch:20
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/grow-msg.arch:21
  return head;
}

/** Growth: the model from each grow event on (runtime/train/grow.ts switches at the event step). */
export const grow: GrowPlan = {
  stages: [
    {
      step: 100,
      event: "ffn 256 → 512, masked over 50 steps",
      copies: {},
      model: { meta: metaStage1, params: paramsStage1, forward: forwardStage1 },
    },
    {
      step: 200,
      event: "heads 4 → 8, masked over 50 steps",
      copies: {},
      model: { meta: metaStage2, params: paramsStage2, forward: forwardStage2 },
    },
    {
      step: 300,
      event: "width 64 → 96, masked over 50 steps",
      copies: {},
      model: { meta: metaStage3, params: paramsStage3, forward: forwardStage3 },
    },
    {
      step: 400,
      event: "depth 2 → 4 by stacking, masked over 50 steps",
      copies: { "blocks.2": "blocks.0", "blocks.3": "blocks.1" },
      model: { meta: metaStage4, params: paramsStage4, forward: forwardStage4 },
    },
  ],
};

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "GrowGPT",
  data: { kind: "text", source: "sotu", tokenizer: "bytes", validation: 0.05 },
  batch: 16,
  steps: 600,
  optimizer: { kind: "adamw", lr: 0.003, betas: [0.9, 0.95], weightDecay: 0.1, clip: 1 },
  schedule: { kind: "warmup_cosine", warmup: 30, minLr: 0.0003 },
  evalEvery: 50,
  seed: 1,
};

/** The compiled model. */
export const model: CompiledModel = { meta, params, forward, grow };

// Run directly (`npx tsx model.ts --steps 50 --backend wasm`): train with the runtime (the run keeps build.json and source/).
if (isMain(import.meta.url))
  process.exitCode = await runMain(model, trainConfig, process.argv, { program: import.meta.url });
