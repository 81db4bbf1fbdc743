// Generated from examples/rope.arch by archc; do not edit.
// Rope: 455,520 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addRmsNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  linear,
  mul,
  rmsNorm,
  runMain,
  scope,
  tf,
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
  name: "Rope",
  source: "examples/rope.arch",
  paramCount: 455_520,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 39 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.swiglu.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.swiglu.g.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.swiglu.u.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.swiglu.out.kernel", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.swiglu.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.swiglu.g.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.swiglu.u.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.swiglu.out.kernel", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.k.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.v.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.swiglu.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.swiglu.g.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.swiglu.u.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.swiglu.out.kernel", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.causal_self_attention.q.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.k.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.v.kernel", shape: [96, 48], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.out.kernel", shape: [96, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.swiglu.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.swiglu.g.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.swiglu.u.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.swiglu.out.kernel", shape: [256, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "ln_f.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "head.kernel", shape: [96, 256], init: { kind: "normal", std: 0.02 }, decay: true },
];

/** CausalSelfAttention, 4 instances: blocks.0.causal_self_attention … blocks.3.causal_self_attention. */
function causalSelfAttention(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const qkv = fusedLinear(x, [w("q.kernel"), w("k.kernel"), w("v.kernel")], null, {
    scales: [0.20412414523193154, 1, 1],
  }); // [B, T, 192]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 4, kvHeads: 2, causal: true, prescaled: true, fused: true, rope: 10_000 },
    ctx,
  ); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel")); // [B, T, 96]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** Swiglu, 4 instances: blocks.0.swiglu … blocks.3.swiglu. */
function swiglu(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const siluOut = fusedLinear(x, [w("g.kernel")], null, { activation: "silu" }); // [B, T, 256]  stdlib/ffn/swiglu.arch:8
  const u = linear(x, w("u.kernel")); // [B, T, 256]  stdlib/ffn/swiglu.arch:9
  const mulOut = mul(siluOut, u); // [B, T, 256]  stdlib/ffn/swiglu.arch:10
  const out = linear(mulOut, w("out.kernel")); // [B, T, 96]  stdlib/ffn/swiglu.arch:10
  return out;
}

/** RopeLayer, 4 instances: blocks.0 … blocks.3. */
function ropeLayer(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = rmsNorm(x, w("causal_self_attention.ln_in.scale"), 0.000001); // [B, T, 96]  examples/rope.arch:17
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/rope.arch:18
  const [residual, lnIn2] = addRmsNorm(
    x,
    causalSelfAttentionOut,
    w("swiglu.ln_in.scale"),
    0.000001,
  ); // [B, T, 96]  examples/rope.arch:20
  const swigluOut = swiglu(p, `${at}.swiglu`, lnIn2); // [B, T, 96]  examples/rope.arch:20
  const residual2 = add(residual, swigluOut); // [B, T, 96]  examples/rope.arch:20
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/rope.arch:25
  let h = tokenEmbedding as tf.Tensor3D;
  for (let i = 0; i < 4; i++) h = traced(ctx, `blocks.${i}`, ropeLayer(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.3: [B, T, 96]  examples/rope.arch:26
  const lnF = rmsNorm(h, w("ln_f.scale"), 0.000001); // [B, T, 96]  examples/rope.arch:27
  const head = linear(lnF, w("head.kernel")); // [B, T, 256]  examples/rope.arch:28
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "Rope",
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
