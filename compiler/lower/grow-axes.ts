// Which tensor axes a growth event resizes. Every node's last axis is a variable; ops that keep the
// axis (norms, activations, elementwise ops, masks, DWA, attention q/out) unite their operands' axes,
// a Linear separates its input axis from its output axis. The classes that result are the model's
// "dimensions": the width (the embedding's axis, the residual stream), each layer's FFN hidden
// axis, each attention layer's inner axis (heads·head_size). Structural, so equal sizes never mix.
import type { Graph, Node, NodeId, NodeOf } from "../ir/types.ts";

/** Union-find over node ids (a node stands for its output's last axis). */
export class AxisClasses {
  private readonly parent = new Map<NodeId, NodeId>();

  constructor(readonly graph: Graph) {
    const tableOwner = new Map<string, NodeId>();
    for (const n of graph.nodes) {
      if (n.kind === "embedding") for (const p of n.params) tableOwner.set(p.name, n.id);
    }
    for (const n of graph.nodes) this.unite(n, tableOwner);
  }

  /** The class representative of node `id`'s last axis. */
  find(id: NodeId): NodeId {
    let r = id;
    while ((this.parent.get(r) ?? r) !== r) r = this.parent.get(r)!;
    return r;
  }

  same(a: NodeId, b: NodeId): boolean {
    return this.find(a) === this.find(b);
  }

  private union(a: NodeId, b: NodeId): void {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra !== rb) this.parent.set(Math.max(ra, rb), Math.min(ra, rb));
  }

  private unite(n: Node, tableOwner: ReadonlyMap<string, NodeId>): void {
    const all = (ids: readonly NodeId[]): void => ids.forEach((i) => this.union(n.id, i));
    switch (n.kind) {
      case "layerNorm":
      case "rmsNorm":
      case "activation":
      case "dropout":
      case "scale":
      case "growMask":
      case "add":
      case "sub":
      case "mul":
      case "dwa":
        return all(n.inputs);
      case "attention": {
        const [q, k, v] = n.inputs;
        if (q !== undefined) this.union(n.id, q);
        // grouped kv heads have their own axis; with kvHeads = heads it is the query's
        if (n.attrs.kvHeads === n.attrs.heads)
          all([k, v].filter((i): i is NodeId => i !== undefined));
        else if (k !== undefined && v !== undefined) this.union(k, v);
        return;
      }
      case "moeCombine":
        return all(n.inputs.slice(1));
      case "tiedHead": {
        const owner = tableOwner.get(n.attrs.table);
        if (owner !== undefined && n.inputs[0] !== undefined) this.union(owner, n.inputs[0]);
        return;
      }
      case "moeRoute":
      case "linear":
      case "embedding":
      case "positions":
      case "input":
        return;
    }
  }
}

/** The width class: the axis of the first embedding (the residual stream). */
export function widthClass(ax: AxisClasses): NodeId | undefined {
  const e = ax.graph.nodes.find((n) => n.kind === "embedding");
  return e === undefined ? undefined : ax.find(e.id);
}

/**
 * Attentions whose inner axis is the stream (`attend` over the stream itself, no q/k/v projections):
 * width growth keeps every head size, so it cannot grow these (their width is heads·head size).
 */
export function streamAttentions(ax: AxisClasses): NodeOf<"attention">[] {
  const w = widthClass(ax);
  return ax.graph.nodes.filter(
    (n): n is NodeOf<"attention"> =>
      n.kind === "attention" && w !== undefined && ax.find(n.id) === w,
  );
}
