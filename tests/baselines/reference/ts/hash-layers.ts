// Generated from examples/hash-layers.arch by archc; do not edit.
// HashGPT: 1,518,720 parameters. Run it: npx tsx model.ts --help

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  isMain,
  layerNorm,
  linear,
  moeCombineSlots,
  moeDispatchExpert,
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
  name: "HashGPT",
  source: "examples/hash-layers.arch",
  paramCount: 1_518_720,
  vocab: 256,
  context: 64,
  width: 96,
};

/** Every parameter, in order: 188 tensors. */
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
  { name: "blocks.1.moe.ln_in.scale", shape: [96], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.moe.ln_in.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.0.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.0.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.0.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.0.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.1.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.1.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.1.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.1.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.2.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.2.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.2.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.2.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.3.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.3.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.3.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.3.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.4.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.4.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.4.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.4.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.5.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.5.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.5.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.5.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.6.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.6.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.6.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.6.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.7.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.7.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.7.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.7.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.8.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.8.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.8.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.8.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.9.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.9.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.9.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.9.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.10.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.10.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.10.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.10.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.11.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.11.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.11.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.11.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.12.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.12.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.12.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.12.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.13.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.13.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.13.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.13.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.14.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.14.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.14.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.14.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.15.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.15.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.moe.experts.15.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.moe.experts.15.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
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
  { name: "blocks.3.moe.experts.8.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.8.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.8.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.8.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.9.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.9.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.9.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.9.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.10.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.10.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.10.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.10.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.11.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.11.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.11.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.11.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.12.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.12.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.12.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.12.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.13.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.13.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.13.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.13.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.14.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.14.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.14.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.14.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.15.linear_0.kernel", shape: [96, 192], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.15.linear_0.bias", shape: [192], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.moe.experts.15.linear_1.kernel", shape: [192, 96], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.moe.experts.15.linear_1.bias", shape: [96], init: { kind: "zeros" }, decay: false },
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

/** MLP: blocks.0.mlp, blocks.2.mlp. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluTanhOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu_tanh",
  }); // [B, T, 384]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluTanhOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** Layer: blocks.0, blocks.2. */
function layer(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/gpt.arch:15
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/gpt.arch:15
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/gpt.arch:16
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 96]  examples/gpt.arch:16
  const residual2 = add(residual, mlpOut); // [B, T, 96]  examples/gpt.arch:16
  return residual2;
}

/** MLP, 32 instances: blocks.1.moe.experts.0 … blocks.3.moe.experts.15. */
function mlp2(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu",
  }); // [B, T, 192]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 96]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** HashLayer: blocks.1, blocks.3. */
function hashLayer(
  p: Params,
  at: string,
  x: tf.Tensor3D,
  tokens: tf.Tensor2D,
  hashSeed: number,
  ctx: ForwardContext,
): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/hash-layers.arch:17
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 96]  examples/hash-layers.arch:17
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("moe.ln_in.scale"),
    w("moe.ln_in.bias"),
    0.00001,
  ); // [B, T, 96]  examples/hash-layers.arch:18
  const router = moeGates(
    lnIn2,
    null,
    {
      router: "hash",
      experts: 16,
      topK: 1,
      capacity: 1.25,
      balance: 0,
      tokens,
      vocab: 256,
      hashSeed,
      name: `${at}.router`,
    },
    ctx,
  ); // [B, T, 16]  examples/hash-layers.arch:19
  const dispatch = moeDispatchExpert(lnIn2, router, 0, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts0 = mlp2(p, `${at}.moe.experts.0`, dispatch); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch2 = moeDispatchExpert(lnIn2, router, 1, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts1 = mlp2(p, `${at}.moe.experts.1`, dispatch2); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch3 = moeDispatchExpert(lnIn2, router, 2, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts2 = mlp2(p, `${at}.moe.experts.2`, dispatch3); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch4 = moeDispatchExpert(lnIn2, router, 3, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts3 = mlp2(p, `${at}.moe.experts.3`, dispatch4); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch5 = moeDispatchExpert(lnIn2, router, 4, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts4 = mlp2(p, `${at}.moe.experts.4`, dispatch5); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch6 = moeDispatchExpert(lnIn2, router, 5, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts5 = mlp2(p, `${at}.moe.experts.5`, dispatch6); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch7 = moeDispatchExpert(lnIn2, router, 6, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts6 = mlp2(p, `${at}.moe.experts.6`, dispatch7); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch8 = moeDispatchExpert(lnIn2, router, 7, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts7 = mlp2(p, `${at}.moe.experts.7`, dispatch8); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch9 = moeDispatchExpert(lnIn2, router, 8, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts8 = mlp2(p, `${at}.moe.experts.8`, dispatch9); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch10 = moeDispatchExpert(lnIn2, router, 9, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts9 = mlp2(p, `${at}.moe.experts.9`, dispatch10); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch11 = moeDispatchExpert(lnIn2, router, 10, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts10 = mlp2(p, `${at}.moe.experts.10`, dispatch11); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch12 = moeDispatchExpert(lnIn2, router, 11, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts11 = mlp2(p, `${at}.moe.experts.11`, dispatch12); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch13 = moeDispatchExpert(lnIn2, router, 12, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts12 = mlp2(p, `${at}.moe.experts.12`, dispatch13); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch14 = moeDispatchExpert(lnIn2, router, 13, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts13 = mlp2(p, `${at}.moe.experts.13`, dispatch14); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch15 = moeDispatchExpert(lnIn2, router, 14, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts14 = mlp2(p, `${at}.moe.experts.14`, dispatch15); // [B, T, 96]  examples/hash-layers.arch:19
  const dispatch16 = moeDispatchExpert(lnIn2, router, 15, {
    router: "hash",
    experts: 16,
    topK: 1,
    capacity: 1.25,
  }); // [B, T, 96]  examples/hash-layers.arch:19
  const experts15 = mlp2(p, `${at}.moe.experts.15`, dispatch16); // [B, T, 96]  examples/hash-layers.arch:19
  const moe = moeCombineSlots(
    router,
    [
      experts0,
      experts1,
      experts2,
      experts3,
      experts4,
      experts5,
      experts6,
      experts7,
      experts8,
      experts9,
      experts10,
      experts11,
      experts12,
      experts13,
      experts14,
      experts15,
    ],
    { router: "hash", experts: 16, topK: 1, capacity: 1.25 },
  ); // [B, T, 96]  examples/hash-layers.arch:19
  const residual2 = add(residual, moe); // [B, T, 96]  examples/hash-layers.arch:18
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 96]  examples/hash-layers.arch:25
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 96]  examples/hash-layers.arch:25
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 96]  examples/hash-layers.arch:25
  const h = traced(ctx, "blocks.0", layer(p, "blocks.0", embedOut as tf.Tensor3D, ctx)); // [B, T, 96]  examples/hash-layers.arch:27
  const h2 = traced(ctx, "blocks.1", hashLayer(p, "blocks.1", h, tokens, 0, ctx)); // [B, T, 96]  examples/hash-layers.arch:27
  const h3 = traced(ctx, "blocks.2", layer(p, "blocks.2", h2, ctx)); // [B, T, 96]  examples/hash-layers.arch:27
  const h4 = traced(ctx, "blocks.3", hashLayer(p, "blocks.3", h3, tokens, 1, ctx)); // [B, T, 96]  examples/hash-layers.arch:27
  const lnF = layerNorm(h4, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 96]  examples/hash-layers.arch:29
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 256]  examples/hash-layers.arch:30
  return head;
}

/** The train section. */
export const trainConfig: TrainConfig = {
  name: "HashGPT",
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
