// Generated from examples/pmod.arch by archc; do not edit.
// PMoD: 1,231,364 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  layerNorm,
  linear,
  modGather,
  modRouter,
  modScatter,
  modWeigh,
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
  name: "PMoD",
  source: "examples/pmod.arch",
  paramCount: 1_231_364,
  vocab: 256,
  context: 64,
  width: 128,
  noDecode:
    "p-MoD keeps the top-k tokens of the whole sequence, so a token's route depends on the tokens after it; generation sees no later token and cannot reproduce the trained computation",
};

/** Every parameter, in order: 108 tensors. */
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
  { name: "blocks.2.router.kernel", shape: [128, 1], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.router.bias", shape: [1], init: { kind: "zeros" }, decay: false },
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
  { name: "blocks.3.router.kernel", shape: [128, 1], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.router.bias", shape: [1], init: { kind: "zeros" }, decay: false },
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
  { name: "blocks.4.router.kernel", shape: [128, 1], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.router.bias", shape: [1], init: { kind: "zeros" }, decay: false },
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
  { name: "blocks.5.router.kernel", shape: [128, 1], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.router.bias", shape: [1], init: { kind: "zeros" }, decay: false },
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

/** PreLNBlock: blocks.0, blocks.1. */
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

/** PreLNBlock, 4 instances: blocks.2 … blocks.5. */
function preLNBlock2(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  router: tf.Tensor3D,
  ratio: number,
  ctx: ForwardContext,
): tf.Tensor3D {
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
  const weighted = modWeigh(mlpOut, router, ratio); // [B, T, 128]  stdlib/ffn/mlp.arch:9
  const residual2 = add(residual, weighted); // [B, T, 128]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** RoutedLayer: blocks.2. */
function routedLayer(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const router = modRouter(x, w("router.kernel"), w("router.bias")); // [B, T, 1]  examples/pmod.arch:19
  const kept = modGather(x, router, 0.6545084971874737); // [B, T, 128]  examples/pmod.arch:19
  const blocks2 = preLNBlock2(p, at, kept, router, 0.6545084971874737, ctx); // [B, T, 128]  examples/pmod.arch:19
  const routed = modScatter(blocks2, x, router, 0.6545084971874737); // [B, T, 128]  examples/pmod.arch:19
  return routed;
}

/** RoutedLayer: blocks.3. */
function routedLayer2(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const router = modRouter(x, w("router.kernel"), w("router.bias")); // [B, T, 1]  examples/pmod.arch:19
  const kept = modGather(x, router, 0.34549150281252633); // [B, T, 128]  examples/pmod.arch:19
  const blocks3 = preLNBlock2(p, at, kept, router, 0.34549150281252633, ctx); // [B, T, 128]  examples/pmod.arch:19
  const routed = modScatter(blocks3, x, router, 0.34549150281252633); // [B, T, 128]  examples/pmod.arch:19
  return routed;
}

/** RoutedLayer: blocks.4, blocks.5. */
function routedLayer3(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const router = modRouter(x, w("router.kernel"), w("router.bias")); // [B, T, 1]  examples/pmod.arch:19
  const kept = modGather(x, router, 0.15); // [B, T, 128]  examples/pmod.arch:19
  const blocks4 = preLNBlock2(p, at, kept, router, 0.15, ctx); // [B, T, 128]  examples/pmod.arch:19
  const routed = modScatter(blocks4, x, router, 0.15); // [B, T, 128]  examples/pmod.arch:19
  return routed;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 128]  examples/pmod.arch:17
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 128]  examples/pmod.arch:17
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 128]  examples/pmod.arch:17
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, preLNBlock(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 128]  examples/pmod.arch:19
  const h2 = traced(ctx, "blocks.2", routedLayer(p, "blocks.2", h, ctx)); // [B, T, 128]  examples/pmod.arch:19
  const h3 = traced(ctx, "blocks.3", routedLayer2(p, "blocks.3", h2, ctx)); // [B, T, 128]  examples/pmod.arch:19
  let h4 = h3;
  for (let i = 4; i < 6; i++)
    h4 = traced(ctx, `blocks.${i}`, routedLayer3(p, `blocks.${i}`, h4, ctx)); // blocks.4 … blocks.5: [B, T, 128]  examples/pmod.arch:19
  const lnF = layerNorm(h4, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 128]  examples/pmod.arch:20
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/pmod.arch:21
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "PMoD",
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
