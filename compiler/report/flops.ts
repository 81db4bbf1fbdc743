// FLOPs per op kind, per token, for the static report (`archc check --report`).
//
// Conventions (the numbers are estimates for comparing architectures, not a profiler):
// - One multiply-add is 2 FLOPs. A Linear [in → out] costs 2·in·out per token; its bias is ignored.
// - Element-wise ops cost `perElement` FLOPs per output element per token (add/sub/mul/scale/mask: 1;
//   transcendental activations: the counts in ACTIVATION_FLOPS). Norms: LayerNorm 7·d, RMSNorm 4·d
//   (NORM_FLOPS); a fused addNorm the add's and its norm's.
// - Attention at context T (the model's context length, not halved for the causal mask):
//   scores q·kᵀ 2·T·heads·dh + values p·v 2·T·heads·dh + softmax and 1/√dh scaling 5·heads·T.
// - Embedding and position lookups cost nothing forward.
// - MoE: a node inside a routed expert counts with the share of tokens that reach the expert
//   (report/moe.ts), not the dense path the TF.js runtime may run. In a dispatched layer (optimized
//   graph) the experts count with their capacity slots' share and each moeDispatch with its one-hot
//   gather and scatter matmuls, at N = context tokens (a batch of one).
// - Training step ≈ `trainFactor` × forward: 3 for matmul-like ops (forward + the two backward
//   matmuls for input and weight gradients), 2 for element-wise ops and norms (one backward pass of
//   the same cost); lookups cost their scatter-add of d per token backward.
import { slotsPerExpert } from "../../spec/moe.ts";
import { keptTokens } from "../../spec/pmod.ts";
import type { Activation, AddNormKind, Node, NodeOf, OpKind } from "../ir/types.ts";

/** Cost model of one op kind. `forward` is per token at context length `context`. */
export interface OpCost<K extends OpKind> {
  readonly forward: (node: NodeOf<K>, context: number) => number;
  /** Training-step FLOPs per token = forward · trainFactor + trainExtra. */
  readonly trainFactor: number;
  readonly trainExtra?: (node: NodeOf<K>) => number;
}

/** FLOPs per element of an activation (GELU ≈ 8 in either form, erf or tanh; SiLU x·σ(x) ≈ 4). */
export const ACTIVATION_FLOPS: Readonly<Record<Activation, number>> = {
  gelu: 8,
  gelu_tanh: 8,
  relu: 1,
  silu: 4,
  tanh: 4,
  sigmoid: 4,
  identity: 0,
};

/** Elements per token of a node's output: the product of the dims after the leading [B, T]. */
export function elementsPerToken(node: Node): number {
  let n = 1;
  for (const dim of node.shape) if (typeof dim === "number") n *= dim;
  return node.kind === "input" ? 1 : n;
}

/** FLOPs per feature of each norm (per token: times d). */
const NORM_FLOPS: Readonly<Record<AddNormKind, number>> = { layerNorm: 7, rmsNorm: 4 };

const MATMUL = 3;
const ELEMENTWISE = 2;
const elementwise = (perElement: number) => ({
  forward: (node: Node) => perElement * elementsPerToken(node),
  trainFactor: ELEMENTWISE,
});

const sumOuts = (n: NodeOf<"fusedLinear">): number => n.attrs.outs.reduce((s, o) => s + o, 0);
/** FLOPs per output element of a fused linear's activation (0 for linear). */
const fusedActivationFlops = (n: NodeOf<"fusedLinear">): number =>
  n.attrs.activation === "linear" ? 0 : ACTIVATION_FLOPS[n.attrs.activation];

/** The cost table; `satisfies` makes a new op kind without a cost a type error. */
export const opCosts = {
  input: { forward: () => 0, trainFactor: 0 },
  embedding: { forward: () => 0, trainFactor: 0, trainExtra: (n) => n.attrs.d },
  positions: {
    forward: () => 0,
    trainFactor: 0,
    trainExtra: (n) => (n.attrs.learned ? n.attrs.d : 0),
  },
  linear: { forward: (n) => 2 * n.attrs.in * n.attrs.out, trainFactor: MATMUL },
  layerNorm: { forward: (n) => NORM_FLOPS.layerNorm * n.attrs.d, trainFactor: ELEMENTWISE },
  rmsNorm: { forward: (n) => NORM_FLOPS.rmsNorm * n.attrs.d, trainFactor: ELEMENTWISE },
  // made by fuseAddNorm: the add's 1 per element and the norm's, the same as the two ops apart
  addNorm: {
    forward: (n) => elementsPerToken(n) + NORM_FLOPS[n.attrs.norm] * n.attrs.d,
    trainFactor: ELEMENTWISE,
  },
  addNormed: { forward: () => 0, trainFactor: 0 },
  activation: {
    forward: (n) => ACTIVATION_FLOPS[n.attrs.fn] * elementsPerToken(n),
    trainFactor: ELEMENTWISE,
  },
  dropout: { forward: (n) => (n.attrs.p > 0 ? elementsPerToken(n) : 0), trainFactor: ELEMENTWISE },
  add: elementwise(1),
  sub: elementwise(1),
  mul: elementwise(1),
  scale: elementwise(1),
  attention: {
    forward: (n, T) => {
      // scores and values over T keys and N memory slots; RoPE rotates q and k (2 mul + 1 add per
      // feature); ALiBi adds one bias per score
      const { heads, kvHeads, headDim, rope, alibi } = n.attrs;
      const keys = T + (n.attrs.memory ?? 0);
      const rotate = rope !== undefined ? 3 * (heads + kvHeads) * headDim : 0;
      return 4 * keys * heads * headDim + 5 * heads * keys + rotate + (alibi ? heads * T : 0);
    },
    trainFactor: MATMUL,
  },
  moeRoute: {
    // router matmul d·E (none for hash routing) + softmax/top-k over the E logits
    forward: (n) =>
      n.attrs.router === "hash" ? 0 : 2 * n.attrs.d * n.attrs.experts + 5 * n.attrs.experts,
    trainFactor: MATMUL,
  },
  moeCombine: {
    // Σ_i g_i · e_i, dense over all E; report/moe.ts scales it to the experts a token uses
    forward: (n) => 2 * elementsPerToken(n) * n.attrs.experts,
    trainFactor: ELEMENTWISE,
  },
  moeDispatch: {
    // one-hot slot matmuls: gather [slots, N]·[N, d] and the combine's scatter back, per expert,
    // with slots = ⌈capacity·N·k/E⌉ at N = context: 2·2·d·slots per token, forward
    forward: (n, T) => 4 * n.attrs.d * dispatchSlots(n, T),
    trainFactor: MATMUL,
  },
  dwa: { forward: (n) => 2 * n.attrs.sources.length * elementsPerToken(n), trainFactor: MATMUL },
  // the per-sample select x_in or x_out
  layerDrop: elementwise(1),
  // the exit's norm and head are their own nodes; reporting the logits costs nothing
  exitOut: { forward: () => 0, trainFactor: 0 },
  // softmax over L+1 logits (per step, not per token: negligible) + L+1 multiply-adds and γ
  scalarMix: {
    forward: (n) => (2 * (n.attrs.layers + 1) + 1) * elementsPerToken(n),
    trainFactor: MATMUL,
  },
  // BAM's mixture-of-attention weights: router matmul d·E, softmax over E (5 per logit), one
  // multiply per attention-output element
  moaMix: {
    forward: (n) => 2 * n.attrs.d * n.attrs.experts + 5 * n.attrs.experts + elementsPerToken(n),
    trainFactor: MATMUL,
  },
  // p-MoD (counted per token of the full sequence; the layer between gather and scatter counts
  // with its keep ratio, report/pmod.ts): router d→1; gather and scatter one-hot matmuls over
  // the kept tokens (2·ρT·d each per token); TanhNorm and ŵ·x a few ops per element
  modRouter: { forward: (n) => 2 * n.attrs.d, trainFactor: MATMUL },
  modGather: {
    forward: (n, T) => 2 * keptTokens(n.attrs.ratio, T) * elementsPerToken(n),
    trainFactor: MATMUL,
  },
  modWeigh: elementwise(1),
  modScatter: {
    forward: (n, T) => (2 * keptTokens(n.attrs.ratio, T) + 2) * elementsPerToken(n),
    trainFactor: MATMUL,
  },
  tiedHead: { forward: (n) => 2 * n.attrs.d * n.attrs.vocab, trainFactor: MATMUL },
  growMask: elementwise(1),
  // made by passes: the same matmul as the linears it merges, and the activation it took in
  // (fuseLinearActivation), counted as the activation node it replaces (ELEMENTWISE, not MATMUL)
  fusedLinear: {
    forward: (n) => (2 * n.attrs.in + fusedActivationFlops(n)) * sumOuts(n),
    trainFactor: MATMUL,
    trainExtra: (n) => (ELEMENTWISE - MATMUL) * fusedActivationFlops(n) * sumOuts(n),
  },
} satisfies { readonly [K in OpKind]: OpCost<K> };

/** Slots per expert of a moeDispatch node at N tokens (spec/moe.ts, as the runtime's slotCount; hash as switch). */
export function dispatchSlots(n: NodeOf<"moeDispatch">, N: number): number {
  return slotsPerExpert(n.attrs, N);
}

/** Forward FLOPs per token of one node at context length `context` (before any MoE share). */
export function forwardFlops(node: Node, context: number): number {
  const cost = opCosts[node.kind] as OpCost<typeof node.kind>;
  return (cost.forward as (n: Node, t: number) => number)(node, context);
}

/** Training-step FLOPs per token of one node (forward + backward). */
export function trainFlops(node: Node, context: number): number {
  const cost = opCosts[node.kind] as OpCost<typeof node.kind>;
  const extra = (cost.trainExtra as ((n: Node) => number) | undefined)?.(node) ?? 0;
  return forwardFlops(node, context) * cost.trainFactor + extra;
}
