// Generated from examples/moe-expert-choice.arch by archc; do not edit.
// ExpertChoice: 701,280 parameters. Run it: npx tsx model.ts --help

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
  name: "ExpertChoice",
  source: "examples/moe-expert-choice.arch",
  paramCount: 701_280,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 81 tensors. */
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
  { name: "blocks.3.moe.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.moe.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.router.kernel", shape: [96, 4], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.0.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.0.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.0.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.1.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.1.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.1.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.2.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.2.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.2.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.3.linear_0.kernel", shape: [96, 384], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.3.linear_0.bias", shape: [384], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.3.linear_1.kernel", shape: [384, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
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

/** MLP, 7 instances: blocks.0.mlp … blocks.3.moe.experts.3. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 384]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** Block, 3 instances: blocks.0 … blocks.2. */
function block(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-expert-choice.arch:18
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/moe-expert-choice.arch:18
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-expert-choice.arch:20
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 96]  examples/moe-expert-choice.arch:20
  const residual2 = add(residual, mlpOut); // [B, T, 96]  examples/moe-expert-choice.arch:20
  return residual2;
}

/** Block: blocks.3. */
function block2(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-expert-choice.arch:18
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/moe-expert-choice.arch:18
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("moe.ln_in.scale"),
    w("moe.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/moe-expert-choice.arch:22
  const router = moeGates(
    lnIn2,
    w("moe.router.kernel"),
    {
      router: "expert_choice",
      experts: 4,
      topK: 2,
      capacity: 2,
      balance: 0,
      name: `${at}.moe.router`,
    },
    ctx,
  ); // [B, T, 4]  examples/moe-expert-choice.arch:23
  const experts0 = mlp(p, `${at}.moe.experts.0`, lnIn2); // [B, T, 96]  examples/moe-expert-choice.arch:23
  const experts1 = mlp(p, `${at}.moe.experts.1`, lnIn2); // [B, T, 96]  examples/moe-expert-choice.arch:23
  const experts2 = mlp(p, `${at}.moe.experts.2`, lnIn2); // [B, T, 96]  examples/moe-expert-choice.arch:23
  const experts3 = mlp(p, `${at}.moe.experts.3`, lnIn2); // [B, T, 96]  examples/moe-expert-choice.arch:23
  const moe = moeCombine(router, [experts0, experts1, experts2, experts3]); // [B, T, 96]  examples/moe-expert-choice.arch:23
  const residual2 = add(residual, moe); // [B, T, 96]  examples/moe-expert-choice.arch:22
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/moe-expert-choice.arch:16
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/moe-expert-choice.arch:16
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 96]  examples/moe-expert-choice.arch:16
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 3; i++) h = traced(ctx, `blocks.${i}`, block(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.2: [B, T, 96]  examples/moe-expert-choice.arch:18
  const h2 = traced(ctx, "blocks.3", block2(p, "blocks.3", h, ctx)); // [B, T, 96]  examples/moe-expert-choice.arch:18
  const lnF = layerNorm(h2, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/moe-expert-choice.arch:27
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/moe-expert-choice.arch:28
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "ExpertChoice",
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
