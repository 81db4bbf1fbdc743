// Generated from examples/deepnorm.arch by archc; do not edit.
// DeepNormGPT: 1,230,592 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  linear,
  positions,
  runMain,
  scale,
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
  name: "DeepNormGPT",
  source: "examples/deepnorm.arch",
  paramCount: 1_230_592,
  vocab: 256,
  context: 64,
  width: 128,
};

/** Every parameter, in order: 98 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 128], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 128], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.2.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.2.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.2.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.2.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.2.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.2.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.mlp.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.3.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.3.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.3.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.3.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.3.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.3.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.mlp.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.4.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.4.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.4.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.4.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.causal_self_attention.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.4.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.4.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.mlp.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.q.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.5.causal_self_attention.q.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.k.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 1 }, decay: true },
  { name: "blocks.5.causal_self_attention.k.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.v.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.5.causal_self_attention.v.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.out.kernel", shape: [128, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.5.causal_self_attention.out.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.causal_self_attention.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.linear_0.kernel", shape: [128, 512], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.5.mlp.linear_0.bias", shape: [512], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.linear_1.kernel", shape: [512, 128], init: { kind: "xavierNormal", gain: 0.37991784282579627 }, decay: true },
  { name: "blocks.5.mlp.linear_1.bias", shape: [128], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.ln_post.scale", shape: [128], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.mlp.ln_post.bias", shape: [128], init: { kind: "zeros" }, decay: false },
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

/** DeepNormLayer, 6 instances: blocks.0 … blocks.5. */
function deepNormLayer(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, x, ctx); // [B, T, 128]  examples/deepnorm.arch:18
  const alpha = scale(x, 1.8612097182041991); // [B, T, 128]  examples/deepnorm.arch:18
  const [, lnPost] = addLayerNorm(
    alpha,
    causalSelfAttentionOut,
    w("causal_self_attention.ln_post.scale"),
    w("causal_self_attention.ln_post.bias"),
    0.00001,
  ); // [B, T, 128]  examples/deepnorm.arch:18
  const mlpOut = mlp(p, `${at}.mlp`, lnPost); // [B, T, 128]  examples/deepnorm.arch:19
  const alpha2 = scale(lnPost, 1.8612097182041991); // [B, T, 128]  examples/deepnorm.arch:19
  const [, lnPost2] = addLayerNorm(
    alpha2,
    mlpOut,
    w("mlp.ln_post.scale"),
    w("mlp.ln_post.bias"),
    0.00001,
  ); // [B, T, 128]  examples/deepnorm.arch:19
  return lnPost2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 128]  examples/deepnorm.arch:24
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 128]  examples/deepnorm.arch:24
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 128]  examples/deepnorm.arch:24
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 6; i++)
    h = traced(ctx, `blocks.${i}`, deepNormLayer(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.5: [B, T, 128]  examples/deepnorm.arch:25
  const head = tiedHead(h, w("token_embedding.table")); // [B, T, 256]  examples/deepnorm.arch:26
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "DeepNormGPT",
  data: { kind: "text", source: "sotu", tokenizer: "bytes", validation: 0.05 },
  batch: 16,
  steps: 300,
  optimizer: { kind: "adamw", lr: 0.001, betas: [0.9, 0.98], weightDecay: 0.1, clip: 1 },
  schedule: { kind: "warmup_linear", warmup: 50, minLr: 0 },
  evalEvery: 50,
  seed: 1,
};

/** The compiled model. */
export const model: CompiledModel = { meta, params, forward };

// Run directly (`npx tsx model.ts --steps 50 --backend wasm`): train with the runtime (the run keeps build.json and source/).
if (isMain(import.meta.url))
  process.exitCode = await runMain(model, trainConfig, process.argv, { program: import.meta.url });
