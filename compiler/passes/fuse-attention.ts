// Pass fuseAttention: every attention computes its core, softmax(q·kᵀ + mask)·v per head, as one
// op with a hand-written gradient (runtime/ops/attention-fused.ts) instead of four taped tfjs ops.
// The fused op keeps only the probabilities for the backward pass and issues every product as an
// untransposed batched matmul, which the wasm backend runs one matrix at a time through XNNPACK
// (about 5× its own batched loop). Values and gradients are unchanged (differential tests).
import type { Graph, NodeId } from "../ir/types.ts";
import { rebuild, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function fuseAttention(g: Graph): Graph {
  const replace = new Map<NodeId, Replacement>();
  for (const n of g.nodes) {
    if (n.kind !== "attention" || n.attrs.fused === true) continue;
    // ALiBi and memory add to the scores: their core stays the autodiff one (attention-biased.ts)
    if (n.attrs.alibi === true || (n.attrs.memory ?? 0) > 0) continue;
    replace.set(n.id, { nodes: [{ ...n, attrs: { ...n.attrs, fused: true } }] });
  }
  return rebuild(g, replace);
}

export const fuseAttentionPass: Pass = { name: "fuseAttention", run: (g) => fuseAttention(g) };
