// Pass foldConstants: compile-time arithmetic left in the graph. Lowering already evaluates every
// shape and attribute expression, so what remains are chains of constant factors:
// scale(scale(x, a), b) → scale(x, a·b) when the inner scale has no other reader.
import type { Graph, NodeId, NodeOf } from "../ir/types.ts";
import { readers, rebuild, soleReader, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function foldConstants(g: Graph): Graph {
  const users = readers(g);
  const replace = new Map<NodeId, Replacement>();
  const folded = new Map<NodeId, NodeOf<"scale">>();
  for (const n of g.nodes) {
    if (n.kind !== "scale") continue;
    const inner = folded.get(n.inputs[0]!) ?? g.nodes[n.inputs[0]!];
    if (inner?.kind !== "scale" || soleReader(users, inner.id) !== n.id) continue;
    const merged: NodeOf<"scale"> = {
      ...n,
      inputs: inner.inputs,
      attrs: { factor: inner.attrs.factor * n.attrs.factor },
    };
    replace.set(inner.id, { nodes: [] });
    replace.set(n.id, { nodes: [merged] });
    folded.set(n.id, merged);
  }
  return rebuild(g, replace);
}

export const foldConstantsPass: Pass = { name: "foldConstants", run: (g) => foldConstants(g) };
