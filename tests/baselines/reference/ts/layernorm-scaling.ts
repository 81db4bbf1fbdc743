// Generated from examples/layernorm-scaling.arch by archc; do not edit.
// LNS: 1,230,848 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  layerNorm,
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
  name: "LNS",
  source: "examples/layernorm-scaling.arch",
  paramCount: 1_230_848,
  vocab: 256,
  context: 64,
  width: 128,
};

/** Every parameter, in order: 100 tensors. */
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

/** Block: blocks.0. */
function block(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 128]  examples/layernorm-scaling.arch:21
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 128]  examples/layernorm-scaling.arch:23
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 128]  examples/layernorm-scaling.arch:24
  const residual2 = add(residual, mlpOut); // [B, T, 128]  examples/layernorm-scaling.arch:23
  return residual2;
}

/** Block, 5 instances: blocks.1 … blocks.5. */
function block2(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  factor: number,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const lnScale = scale(lnIn, factor); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const causalSelfAttentionOut = causalSelfAttention(
    p,
    `${at}.causal_self_attention`,
    lnScale,
    ctx,
  ); // [B, T, 128]  examples/layernorm-scaling.arch:21
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 128]  examples/layernorm-scaling.arch:23
  const lnScale2 = scale(lnIn2, factor); // [B, T, 128]  examples/layernorm-scaling.arch:23
  const mlpOut = mlp(p, `${at}.mlp`, lnScale2); // [B, T, 128]  examples/layernorm-scaling.arch:24
  const residual2 = add(residual, mlpOut); // [B, T, 128]  examples/layernorm-scaling.arch:23
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 128]  examples/layernorm-scaling.arch:18
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 128]  examples/layernorm-scaling.arch:18
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 128]  examples/layernorm-scaling.arch:18
  const h = traced(ctx, "blocks.0", block(p, "blocks.0", embedOut as tf.Tensor3D, ctx)); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const h2 = traced(ctx, "blocks.1", block2(p, "blocks.1", h, 0.7071067811865475, ctx)); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const h3 = traced(ctx, "blocks.2", block2(p, "blocks.2", h2, 0.5773502691896258, ctx)); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const h4 = traced(ctx, "blocks.3", block2(p, "blocks.3", h3, 0.5, ctx)); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const h5 = traced(ctx, "blocks.4", block2(p, "blocks.4", h4, 0.4472135954999579, ctx)); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const h6 = traced(ctx, "blocks.5", block2(p, "blocks.5", h5, 0.4082482904638631, ctx)); // [B, T, 128]  examples/layernorm-scaling.arch:20
  const lnF = layerNorm(h6, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 128]  examples/layernorm-scaling.arch:27
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/layernorm-scaling.arch:28
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "LNS",
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
