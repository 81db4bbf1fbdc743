// Generated from examples/alibi.arch by archc; do not edit.
// Alibi: 472,128 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attend,
  attendPacked,
  embed,
  fusedLinear,
  growMasked,
  isMain,
  layerNorm,
  linear,
  runMain,
  scope,
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
  name: "Alibi",
  source: "examples/alibi.arch",
  paramCount: 472_128,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 67 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.q.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.mlp.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [96], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention, 4 instances: blocks.0.causal_self_attention … blocks.3.causal_self_attention. */
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
  ); // [B, T, 288]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 6, causal: true, prescaled: true, alibi: true },
    ctx,
  ); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP, 4 instances: blocks.0.mlp … blocks.3.mlp. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 384]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** AlibiLayer, 4 instances: blocks.0 … blocks.3. */
function alibiLayer(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/alibi.arch:21
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/alibi.arch:21
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/alibi.arch:22
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 96]  examples/alibi.arch:22
  const residual2 = add(residual, mlpOut); // [B, T, 96]  examples/alibi.arch:22
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/alibi.arch:27
  let h = tokenEmbedding as tf.Tensor3D;
  for (let i = 0; i < 4; i++) h = traced(ctx, `blocks.${i}`, alibiLayer(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.3: [B, T, 96]  examples/alibi.arch:28
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/alibi.arch:29
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/alibi.arch:30
  return head;
}

/** Stage 1, from step 150: heads 6 → 8, masked over 50 steps. */
export const metaStage1: ModelMeta = {
  name: "Alibi",
  source: "examples/alibi.arch",
  paramCount: 521_664,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Stage 1's parameters, in order. */
// prettier-ignore
export const paramsStage1: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
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
  { name: "blocks.0.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
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
  { name: "blocks.1.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
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
  { name: "blocks.2.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
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
  { name: "blocks.3.mlp.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [96], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention, 4 instances: blocks.0.causal_self_attention … blocks.3.causal_self_attention. */
function causalSelfAttention2(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const q = linear(x, w("q.kernel"), w("q.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:12
  const qGrow = growMasked(q, 96, 150, 50, ctx.step); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:12
  const k = linear(x, w("k.kernel"), w("k.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:13
  const kGrow = growMasked(k, 96, 150, 50, ctx.step); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:13
  const v = linear(x, w("v.kernel"), w("v.bias")); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:14
  const vGrow = growMasked(v, 96, 150, 50, ctx.step); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:14
  const attention = attend(
    qGrow,
    kGrow,
    vGrow,
    { heads: 8, causal: true, alibi: true, alibiFrom: [6] },
    ctx,
  ); // [B, T, 128]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP, 4 instances: blocks.0.mlp … blocks.3.mlp. */
function mlp2(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 384]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** AlibiLayer, 4 instances: blocks.0 … blocks.3. */
function alibiLayer2(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/alibi.arch:21
  const causalSelfAttentionOut = causalSelfAttention2(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/alibi.arch:21
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/alibi.arch:22
  const mlpOut = mlp2(p, `${at}.mlp`, lnIn2); // [B, T, 96]  examples/alibi.arch:22
  const residual2 = add(residual, mlpOut); // [B, T, 96]  examples/alibi.arch:22
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
function forwardStage1(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/alibi.arch:27
  let h = tokenEmbedding as tf.Tensor3D;
  for (let i = 0; i < 4; i++) h = traced(ctx, `blocks.${i}`, alibiLayer2(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.3: [B, T, 96]  examples/alibi.arch:28
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/alibi.arch:29
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/alibi.arch:30
  return head;
}

/** Growth: the model from each grow event on (runtime/train/grow.ts switches at the event step). */
export const grow: GrowPlan = {
  stages: [
    {
      step: 150,
      event: "heads 6 → 8, masked over 50 steps",
      copies: {},
      model: { meta: metaStage1, params: paramsStage1, forward: forwardStage1 },
    },
  ],
};

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "Alibi",
  data: { kind: "text", source: "sotu", tokenizer: "bytes", validation: 0.05 },
  batch: 16,
  steps: 300,
  optimizer: { kind: "adamw", lr: 0.002, betas: [0.9, 0.95], weightDecay: 0.1, clip: 1 },
  schedule: { kind: "warmup_cosine", warmup: 30, minLr: 0.0003 },
  evalEvery: 50,
  seed: 1,
};

/** The compiled model. */
export const model: CompiledModel = { meta, params, forward, grow };

// Run directly (`npx tsx model.ts --steps 50 --backend wasm`): train with the runtime (the run keeps build.json and source/).
if (isMain(import.meta.url))
  process.exitCode = await runMain(model, trainConfig, process.argv, { program: import.meta.url });
