// Generated from examples/gpt2-small.arch by archc; do not edit.
// GPT2Small: 124,439,808 parameters.

import {
  add,
  addLayerNorm,
  attendPacked,
  embed,
  fusedLinear,
  layerNorm,
  linear,
  positions,
  scope,
  tf,
  tiedHead,
  traced,
  type CompiledModel,
  type ForwardContext,
  type ModelMeta,
  type ParamInit,
  type Params,
} from "./runtime.ts";

/** Static facts about the model. */
export const meta: ModelMeta = {
  name: "GPT2Small",
  source: "examples/gpt2-small.arch",
  paramCount: 124_439_808,
  vocab: 50_257,
  context: 1024,
  width: 768,
};

/** Every parameter, in order: 196 tensors. */
// prettier-ignore
export const params: readonly ParamInit[] = [
  { name: "token_embedding.table", shape: [50_257, 768], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "learned_positions.table", shape: [1024, 768], init: { kind: "normal", std: 0.02 }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.0.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.0.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.0.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.1.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.1.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.1.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.2.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.2.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.2.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.3.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.3.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.3.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.4.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.4.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.4.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.5.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.5.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.5.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.6.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.6.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.6.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.6.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.6.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.6.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.6.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.6.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.6.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.7.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.7.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.7.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.7.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.7.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.7.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.7.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.7.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.7.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.8.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.8.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.8.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.8.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.8.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.8.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.8.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.8.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.8.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.9.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.9.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.9.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.9.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.9.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.9.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.9.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.9.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.9.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.10.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.10.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.10.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.10.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.10.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.10.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.10.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.10.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.10.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.causal_self_attention.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.11.causal_self_attention.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.causal_self_attention.q.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.11.causal_self_attention.q.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.causal_self_attention.k.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.11.causal_self_attention.k.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.causal_self_attention.v.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.11.causal_self_attention.v.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.causal_self_attention.out.kernel", shape: [768, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.11.causal_self_attention.out.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.mlp.ln_in.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "blocks.11.mlp.ln_in.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.mlp.linear_0.kernel", shape: [768, 3072], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.11.mlp.linear_0.bias", shape: [3072], init: { kind: "zeros" }, decay: false },
  { name: "blocks.11.mlp.linear_1.kernel", shape: [3072, 768], init: { kind: "normal", std: 0.02 }, decay: true },
  { name: "blocks.11.mlp.linear_1.bias", shape: [768], init: { kind: "zeros" }, decay: false },
  { name: "ln_f.scale", shape: [768], init: { kind: "ones" }, decay: false },
  { name: "ln_f.bias", shape: [768], init: { kind: "zeros" }, decay: false },
];

/** CausalSelfAttention, 12 instances: blocks.0.causal_self_attention … blocks.11.causal_self_attention. */
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
    { scales: [0.125, 1, 1] },
  ); // [B, T, 2304]  stdlib/attention/causal-self-attention.arch:12
  const attention = attendPacked(
    qkv,
    { heads: 12, causal: true, prescaled: true, fused: true },
    ctx,
  ); // [B, T, 768]  stdlib/attention/causal-self-attention.arch:15
  const out = linear(attention, w("out.kernel"), w("out.bias")); // [B, T, 768]  stdlib/attention/causal-self-attention.arch:15
  return out;
}

/** MLP, 12 instances: blocks.0.mlp … blocks.11.mlp. */
function mlp(p: Params, at: string, x: tf.Tensor3D): tf.Tensor3D {
  const w = scope(p, at);
  const geluTanhOut = fusedLinear(x, [w("linear_0.kernel")], [w("linear_0.bias")], {
    activation: "gelu_tanh",
  }); // [B, T, 3072]  stdlib/ffn/mlp.arch:7
  const linear1 = linear(geluTanhOut, w("linear_1.kernel"), w("linear_1.bias")); // [B, T, 768]  stdlib/ffn/mlp.arch:9
  return linear1;
}

/** PreLNBlock, 12 instances: blocks.0 … blocks.11. */
function preLNBlock(p: Params, at: string, x: tf.Tensor3D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p, at);
  const lnIn = layerNorm(
    x,
    w("causal_self_attention.ln_in.scale"),
    w("causal_self_attention.ln_in.bias"),
    0.00001,
  ); // [B, T, 768]  stdlib/transformer/pre-ln-block.arch:11
  const causalSelfAttentionOut = causalSelfAttention(p, `${at}.causal_self_attention`, lnIn, ctx); // [B, T, 768]  stdlib/transformer/pre-ln-block.arch:12
  const [residual, lnIn2] = addLayerNorm(
    x,
    causalSelfAttentionOut,
    w("mlp.ln_in.scale"),
    w("mlp.ln_in.bias"),
    0.00001,
  ); // [B, T, 768]  stdlib/transformer/pre-ln-block.arch:14
  const mlpOut = mlp(p, `${at}.mlp`, lnIn2); // [B, T, 768]  stdlib/transformer/pre-ln-block.arch:15
  const residual2 = add(residual, mlpOut); // [B, T, 768]  stdlib/transformer/pre-ln-block.arch:14
  return residual2;
}

/** tokens [B, T] int32 → logits [B, T, vocab]; call inside tf.tidy. */
export function forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D {
  const w = scope(p);
  const tokenEmbedding = embed(tokens, w("token_embedding.table")); // [B, T, 768]  examples/gpt2-small.arch:19
  const learnedPositions = positions(tokens.shape[1], w("learned_positions.table"), ctx); // [B, T, 768]  examples/gpt2-small.arch:19
  const embedOut = add(tokenEmbedding, learnedPositions); // [B, T, 768]  examples/gpt2-small.arch:19
  let h = embedOut as tf.Tensor3D;
  for (let i = 0; i < 12; i++) h = traced(ctx, `blocks.${i}`, preLNBlock(p, `blocks.${i}`, h, ctx)); // blocks.0 … blocks.11: [B, T, 768]  examples/gpt2-small.arch:20
  const lnF = layerNorm(h, w("ln_f.scale"), w("ln_f.bias"), 0.00001); // [B, T, 768]  examples/gpt2-small.arch:21
  const head = tiedHead(lnF, w("token_embedding.table")); // [B, T, 50257]  examples/gpt2-small.arch:22
  return head;
}

/** The compiled model. */
export const model: CompiledModel = { meta, params, forward };
