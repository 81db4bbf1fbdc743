// Pass shareNorm: two norms of the same kind, attributes and parameters (a `share`d norm) on the
// same input compute the same tensor: the later one reads the earlier one's result instead.
// Norms with their own parameters are never merged (different weights, different outputs).
import type { Graph, NodeId } from "../ir/types.ts";
import { rebuild, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function shareNorm(g: Graph): Graph {
  const seen = new Map<string, NodeId>();
  const replace = new Map<NodeId, Replacement>();
  for (const n of g.nodes) {
    if (n.kind !== "layerNorm" && n.kind !== "rmsNorm") continue;
    const key = JSON.stringify([n.kind, n.attrs, n.inputs, n.params.map((p) => p.name)]);
    const first = seen.get(key);
    if (first === undefined) seen.set(key, n.id);
    else replace.set(n.id, { alias: first });
  }
  return rebuild(g, replace);
}

export const shareNormPass: Pass = { name: "shareNorm", run: (g) => shareNorm(g) };
