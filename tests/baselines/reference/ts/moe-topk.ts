// Generated from examples/moe-topk.arch by archc; do not edit.
// TopK: 962,976 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  layerNorm,
  linear,
  moeCombine,
  moeGates,
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
  name: "TopK",
  source: "examples/moe-topk.arch",
  paramCount: 962_976,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 130 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
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
  { name: "blocks.2.moe_ffn.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.moe_ffn.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.router.kernel", shape: [96, 8], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.1.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.1.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.1.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.2.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.2.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.2.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.3.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.3.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.3.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.4.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.4.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.4.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.4.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.5.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.5.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.5.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.5.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.6.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.6.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.6.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.6.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.7.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.7.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.moe_ffn.experts.7.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.moe_ffn.experts.7.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
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
  { name: "blocks.3.moe.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.moe.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.router.kernel", shape: [96, 8], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.1.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.1.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.1.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.2.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.2.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.2.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.3.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.3.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.3.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.4.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.4.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.4.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.4.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.5.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.5.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.5.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.5.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.6.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.6.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.6.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.6.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.7.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.7.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.7.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.7.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.shared.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.shared.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.shared.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.shared.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
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
    { scales: [0.20412414523193154, 1, 1] },
  ); // [B, T, 288]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 4, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP: blocks.0.mlp, blocks.1.mlp. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 384]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** Block: blocks.0, blocks.1. */
function block(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-topk.arch:20
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/moe-topk.arch:20
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-topk.arch:28
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:28
  const residual2 = add(residual, mlpOut); // [B, T, 96]  examples/moe-topk.arch:28
  return residual2;
}

/** MLP, 17 instances: blocks.2.moe_ffn.experts.0 … blocks.3.moe.shared.0. */
function mlp2(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 192]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** MoeFFN: blocks.2.moe_ffn. */
function moeFFN(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const router = moeGates(
    x,
    w("router.kernel"),
    { router: "softmax", experts: 8, topK: 2, capacity: 1.25, balance: 0.01, name: `${at}.router` },
    ctx,
  ); // [B, T, 8]  stdlib/moe/moe-ffn.arch:13
  const experts0 = mlp2(p, `${at}.experts.0`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts1 = mlp2(p, `${at}.experts.1`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts2 = mlp2(p, `${at}.experts.2`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts3 = mlp2(p, `${at}.experts.3`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts4 = mlp2(p, `${at}.experts.4`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts5 = mlp2(p, `${at}.experts.5`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts6 = mlp2(p, `${at}.experts.6`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts7 = mlp2(p, `${at}.experts.7`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const moe = moeCombine(router, [
    experts0,
    experts1,
    experts2,
    experts3,
    experts4,
    experts5,
    experts6,
    experts7,
  ]); // [B, T, 96]  stdlib/moe/moe-ffn.arch:13
  return moe;
}

/** Block: blocks.2. */
function block2(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-topk.arch:20
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/moe-topk.arch:20
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("moe_ffn.ln_in.scale"),
    w("moe_ffn.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-topk.arch:22
  const moeFfn = moeFFN(p, `${at}.moe_ffn`, lnIn2, ctx); // [B, T, 96]  examples/moe-topk.arch:22
  const residual2 = add(residual, moeFfn); // [B, T, 96]  examples/moe-topk.arch:22
  return residual2;
}

/** Block: blocks.3. */
function block3(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-topk.arch:20
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/moe-topk.arch:20
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("moe.ln_in.scale"),
    w("moe.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-topk.arch:24
  const router = moeGates(
    lnIn2,
    w("moe.router.kernel"),
    {
      router: "softmax",
      experts: 8,
      topK: 2,
      capacity: 1.25,
      balance: 0.01,
      name: `${at}.moe.router`,
    },
    ctx,
  ); // [B, T, 8]  examples/moe-topk.arch:25
  const experts0 = mlp2(p, `${at}.moe.experts.0`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts1 = mlp2(p, `${at}.moe.experts.1`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts2 = mlp2(p, `${at}.moe.experts.2`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts3 = mlp2(p, `${at}.moe.experts.3`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts4 = mlp2(p, `${at}.moe.experts.4`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts5 = mlp2(p, `${at}.moe.experts.5`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts6 = mlp2(p, `${at}.moe.experts.6`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const experts7 = mlp2(p, `${at}.moe.experts.7`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const moe = moeCombine(router, [
    experts0,
    experts1,
    experts2,
    experts3,
    experts4,
    experts5,
    experts6,
    experts7,
  ]); // [B, T, 96]  examples/moe-topk.arch:25
  const shared0 = mlp2(p, `${at}.moe.shared.0`, lnIn2); // [B, T, 96]  examples/moe-topk.arch:25
  const sharedExpert = add(moe, shared0); // [B, T, 96]  examples/moe-topk.arch:25
  const residual2 = add(residual, sharedExpert); // [B, T, 96]  examples/moe-topk.arch:24
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/moe-topk.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/moe-topk.arch:18
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 96]  examples/moe-topk.arch:18
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, block(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 96]  examples/moe-topk.arch:20
  const h2 = traced(ctx, "blocks.2", block2(p, "blocks.2", h, ctx)); // [B, T, 96]  examples/moe-topk.arch:20
  const h3 = traced(ctx, "blocks.3", block3(p, "blocks.3", h2, ctx)); // [B, T, 96]  examples/moe-topk.arch:20
  const lnF = layerNorm(h3, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/moe-topk.arch:31
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/moe-topk.arch:32
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "TopK",
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
