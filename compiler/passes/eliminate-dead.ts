// Pass eliminateDead: drops nodes nothing reads (transitively) from the graph outputs.
// Dead nodes that own parameters stay, with what they read: the parameter set is the checkpoint's
// contract and must not depend on optimization (codegen never emits an unread node anyway).
import type { Graph, NodeId } from "../ir/types.ts";
import { rebuild, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function eliminateDead(g: Graph): Graph {
  const keep = new Set<NodeId>([...g.outputs, ...g.inputs]);
  for (const n of g.nodes)
    if (n.kind === "input" || n.params.some((p) => p.tiedTo === undefined)) keep.add(n.id);
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i]!;
    if (keep.has(n.id)) for (const j of n.inputs) keep.add(j);
  }
  const replace = new Map<NodeId, Replacement>();
  for (const n of g.nodes) if (!keep.has(n.id)) replace.set(n.id, { nodes: [] });
  return rebuild(g, replace);
}

export const eliminateDeadPass: Pass = { name: "eliminateDead", run: (g) => eliminateDead(g) };
