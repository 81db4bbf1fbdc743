// Generated from examples/bam.arch by archc; do not edit.
// BAM: 664,992 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  layerNorm,
  linear,
  moaMix,
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
  name: "BAM",
  source: "examples/bam.arch",
  paramCount: 664_992,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 88 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [64, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.ln.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.ln.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mixture_of_attention.q.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mixture_of_attention.q.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mixture_of_attention.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mixture_of_attention.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mixture_of_attention.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mixture_of_attention.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mixture_of_attention.moa.router", shape: [96, 2], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mixture_of_attention.out.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mixture_of_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.router.kernel", shape: [96, 4], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.1.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.1.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.1.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.2.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.2.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.2.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.3.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.3.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.moe_ffn.experts.3.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.moe_ffn.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.ln.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.ln.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mixture_of_attention.q.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mixture_of_attention.q.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mixture_of_attention.k.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mixture_of_attention.k.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mixture_of_attention.v.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mixture_of_attention.v.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mixture_of_attention.moa.router", shape: [96, 2], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mixture_of_attention.out.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mixture_of_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.router.kernel", shape: [96, 4], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.1.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.1.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.1.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.2.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.2.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.2.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.3.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.3.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe_ffn.experts.3.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe_ffn.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "parallel.ln.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "parallel.ln.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "parallel.mixture_of_attention.q.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.mixture_of_attention.q.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.mixture_of_attention.k.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.mixture_of_attention.k.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.mixture_of_attention.v.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.mixture_of_attention.v.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.mixture_of_attention.moa.router", shape: [96, 2], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.mixture_of_attention.out.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.mixture_of_attention.out.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.router.kernel", shape: [96, 4], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.1.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.1.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.1.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.2.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.2.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.2.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.3.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.3.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "parallel.moe_ffn.experts.3.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "parallel.moe_ffn.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [96], init: { kind: "zeros" }, decay: false },
];

/** MixtureOfAttention: blocks.0.mixture_of_attention, blocks.1.mixture_of_attention. */
function mixtureOfAttention(
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
  ); // [B, T, 384]  stdlib/attention/mixture-of-attention.arch:16
  const a = attendPacked(
    qkv,
    { heads: 8, kvHeads: 4, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 192]  stdlib/attention/mixture-of-attention.arch:19
  const moa = moaMix(x, a, w("moa.router"), { experts: 2, heads: 4, layout: "head" }); // [B, T, 192]  stdlib/attention/mixture-of-attention.arch:20
  const out = linear(moa, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/mixture-of-attention.arch:20
  return out;
}

/** MLP, 12 instances: blocks.0.moe_ffn.experts.0 … parallel.moe_ffn.experts.3. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 192]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** MoeFFN, 3 instances: blocks.0.moe_ffn … parallel.moe_ffn. */
function moeFFN(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const router = moeGates(
    x,
    w("router.kernel"),
    { router: "softmax", experts: 4, topK: 2, capacity: 1.25, balance: 0.01, name: `${at}.router` },
    ctx,
  ); // [B, T, 4]  stdlib/moe/moe-ffn.arch:13
  const experts0 = mlp(p, `${at}.experts.0`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts1 = mlp(p, `${at}.experts.1`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts2 = mlp(p, `${at}.experts.2`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const experts3 = mlp(p, `${at}.experts.3`, x); // [B, T, 96]  stdlib/moe/moe-ffn.arch:14
  const moe = moeCombine(router, [experts0, experts1, experts2, experts3]); // [B, T, 96]  stdlib/moe/moe-ffn.arch:13
  return moe;
}

/** BAMBlock: blocks.0, blocks.1. */
function bamBlock(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const ln = layerNorm(x, w("ln.scale"), w("ln.bias"), 0.00001); // [B, T, 96]  stdlib/transformer/bam-block.arch:14
  const mixtureOfAttentionOut = mixtureOfAttention(p, `${at}.mixture_of_attention`, ln, ctx); // [B, T, 96]  stdlib/transformer/bam-block.arch:15
  const parallel = add(x, mixtureOfAttentionOut); // [B, T, 96]  stdlib/transformer/bam-block.arch:14
  const moeFfn = moeFFN(p, `${at}.moe_ffn`, ln, ctx); // [B, T, 96]  stdlib/transformer/bam-block.arch:16
  const parallel2 = add(parallel, moeFfn); // [B, T, 96]  stdlib/transformer/bam-block.arch:14
  return parallel2;
}

/** MixtureOfAttention: parallel.mixture_of_attention. */
function mixtureOfAttention2(
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
  ); // [B, T, 576]  stdlib/attention/mixture-of-attention.arch:16
  const a = attendPacked(qkv, { heads: 8, causal: true, prescaled: true, fused: true }, ctx); // [B, T, 192]  stdlib/attention/mixture-of-attention.arch:19
  const moa = moaMix(x, a, w("moa.router"), { experts: 2, heads: 4, layout: "expert" }); // [B, T, 192]  stdlib/attention/mixture-of-attention.arch:20
  const out = linear(moa, w("out.kernel"), w("out.bias")); // [B, T, 96]  stdlib/attention/mixture-of-attention.arch:20
  return out;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/bam.arch:21
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/bam.arch:21
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 96]  examples/bam.arch:21
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 2; i++) h = traced(ctx, `blocks.${i}`, bamBlock(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.1: [B, T, 96]  examples/bam.arch:22
  const ln = layerNorm(h, w("parallel.ln.scale"), w("parallel.ln.bias"), 0.00001); // [B, T, 96]  examples/bam.arch:23
  const mixtureOfAttentionOut = mixtureOfAttention2(p, "parallel.mixture_of_attention", ln, ctx); // [B, T, 96]  examples/bam.arch:24
  const parallel = add(h, mixtureOfAttentionOut); // [B, T, 96]  examples/bam.arch:23
  const moeFfn = moeFFN(p, "parallel.moe_ffn", ln, ctx); // [B, T, 96]  examples/bam.arch:25
  const [, lnF] = addLayerNorm(parallel, moeFfn, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/bam.arch:27
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/bam.arch:28
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "BAM",
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
