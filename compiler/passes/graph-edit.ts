// Rewriting the flat IR: passes describe local replacements (remove a node in favour of another,
// or put new nodes in its place) and `rebuild` renumbers the graph, remaps inputs, outputs and
// `tiedTo`, keeping the topological order and each node's origin (so codegen folds instances).
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import { GRAPH_OUTPUT } from "../ir/readers.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";

// The passes and codegen take `readers` from here, beside soleReader.
export { readers } from "../ir/readers.ts";

/**
 * What happens to an old node: `alias` — it disappears and its users read another (earlier) old
 * node instead; `nodes` — it is replaced by these nodes in its place (inputs are old ids; the last
 * one takes over the old node's users; an empty list deletes a node nobody reads).
 */
export type Replacement = { readonly alias: NodeId } | { readonly nodes: readonly Node[] };

/** The single reader of a node, or undefined when it has none or several (or is an output). */
export function soleReader(users: Map<NodeId, NodeId[]>, id: NodeId): NodeId | undefined {
  const u = users.get(id) ?? [];
  return u.length === 1 && u[0] !== GRAPH_OUTPUT ? u[0] : undefined;
}

/** Applies the replacements; returns `g` itself when there are none. */
export function rebuild(g: Graph, replace: ReadonlyMap<NodeId, Replacement>): Graph {
  if (replace.size === 0) return g;
  const newId = new Map<NodeId, NodeId>();
  const resolve = (old: NodeId): NodeId => {
    let id = old;
    for (let hops = 0; hops <= g.nodes.length; hops++) {
      const r = replace.get(id);
      if (r !== undefined && "alias" in r) {
        id = r.alias;
        continue;
      }
      const n = newId.get(id);
      if (n === undefined)
        throw new InternalCompilerError(`rebuild ${g.name}: %${old} is read before it exists`);
      return n;
    }
    throw new InternalCompilerError(`rebuild ${g.name}: alias cycle at %${old}`);
  };
  const out: Node[] = [];
  for (const n of g.nodes) {
    const r = replace.get(n.id);
    if (r !== undefined && "alias" in r) continue;
    const nodes = r === undefined ? [n] : r.nodes;
    for (const m of nodes)
      out.push({ ...m, id: out.length, inputs: m.inputs.map(resolve) } as Node);
    if (nodes.length > 0) newId.set(n.id, out.length - 1);
  }
  return {
    ...g,
    nodes: retie(out),
    inputs: g.inputs.map(resolve),
    outputs: g.outputs.map(resolve),
  };
}

/** Points every `tiedTo` at the (new) id of the node owning that name. */
function retie(nodes: Node[]): Node[] {
  const owner = new Map<string, NodeId>();
  return nodes.map((n) => {
    let changed = false;
    const params = n.params.map((p) => {
      if (p.tiedTo === undefined) {
        owner.set(p.name, n.id);
        return p;
      }
      const o = owner.get(p.name);
      if (o === undefined)
        throw new InternalCompilerError(`rebuild: ${p.name} is referenced before its owner`);
      if (o === p.tiedTo) return p;
      changed = true;
      return { ...p, tiedTo: o };
    });
    return changed ? ({ ...n, params } as Node) : n;
  });
}
