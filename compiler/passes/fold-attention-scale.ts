// Pass foldAttentionScale: attention multiplies q by 1/√dh on every call ([B, T, H·dh] elements
// forward and backward). When q comes from a projection read by nothing else, the factor moves
// into that projection's kernel and bias (a [d, H·dh] multiply per call, folded into the
// kernel concat after mergeQkv) and the attention is marked `prescaled`.
import { attentionScale } from "../../spec/attention.ts";
import type { Graph, NodeId, NodeOf } from "../ir/types.ts";
import { readers, rebuild, soleReader, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function foldAttentionScale(g: Graph): Graph {
  const users = readers(g);
  const replace = new Map<NodeId, Replacement>();
  for (const a of g.nodes) {
    if (a.kind !== "attention" || a.attrs.prescaled === true) continue;
    const q = g.nodes[a.inputs[0]!];
    if (q === undefined || soleReader(users, q.id) !== a.id || replace.has(q.id)) continue;
    const s = attentionScale(a.attrs.headDim);
    let scaled: NodeOf<"fusedLinear">;
    if (q.kind === "linear") {
      const { in: inDim, out, bias } = q.attrs;
      scaled = {
        ...q,
        kind: "fusedLinear",
        attrs: { in: inDim, outs: [out], bias, activation: "linear", scales: [s] },
      };
    } else if (q.kind === "fusedLinear" && q.attrs.activation === "linear") {
      // packed: part 0 is q (mergeQkv); unpacked: the single part is q
      const scales = q.attrs.scales.map((f, i) => (i === 0 ? f * s : f));
      if (a.attrs.packed !== true && q.attrs.outs.length !== 1) continue;
      scaled = { ...q, attrs: { ...q.attrs, scales } };
    } else continue;
    replace.set(q.id, { nodes: [scaled] });
    replace.set(a.id, { nodes: [{ ...a, attrs: { ...a.attrs, prescaled: true } }] });
  }
  return rebuild(g, replace);
}

export const foldAttentionScalePass: Pass = {
  name: "foldAttentionScale",
  run: (g) => foldAttentionScale(g),
};
