// Pass removeIdentity: nodes that compute their input unchanged — dropout with p = 0, the
// identity activation, scale by 1 — are removed and their readers read the input directly.
// (Run after the train section's dropout override, which compile.ts applies before the pipeline.)
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { rebuild, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

/** True when a node returns its only input unchanged. */
export function isIdentity(n: Node): boolean {
  switch (n.kind) {
    case "dropout":
      return n.attrs.p === 0;
    case "activation":
      return n.attrs.fn === "identity";
    case "scale":
      return n.attrs.factor === 1;
    default:
      return false;
  }
}

export function removeIdentity(g: Graph): Graph {
  const replace = new Map<NodeId, Replacement>();
  for (const n of g.nodes) if (isIdentity(n)) replace.set(n.id, { alias: n.inputs[0]! });
  return rebuild(g, replace);
}

export const removeIdentityPass: Pass = { name: "removeIdentity", run: (g) => removeIdentity(g) };
