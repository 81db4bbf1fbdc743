// Parameter counting and mixture-of-experts shares for the report: which nodes belong to a routed
// expert, and how many of the experts a token uses on average (its "active" share).
import { paramCount } from "../ir/param-count.ts";
import { GRAPH_OUTPUT, readers } from "../ir/readers.ts";
import type { Graph, Node, NodeId, NodeOf } from "../ir/types.ts";

/** Parameters each node owns; references to shared weights (`tiedTo`) count zero. */
export function ownedParams(g: Graph): ReadonlyMap<NodeId, number> {
  return new Map(g.nodes.map((n) => [n.id, paramCount(n)]));
}

/**
 * Experts a token uses on average: top_k for softmax, switch and hash routing; the capacity factor
 * for expert choice (each of E experts takes c·n/E of n tokens, so c experts per token on average).
 */
export function activeExperts(route: NodeOf<"moeRoute">): number {
  const { router, topK, capacity, experts } = route.attrs;
  if (router === "switch" || router === "hash") return Math.min(1, experts);
  if (router === "expert_choice") return Math.min(capacity, experts);
  return Math.min(topK, experts);
}

/** One MoE layer found in the graph. */
export interface MoeLayer {
  readonly route: NodeOf<"moeRoute">;
  readonly combine: NodeOf<"moeCombine">;
  /** Node ids of each routed expert's subgraph. */
  readonly experts: readonly (readonly NodeId[])[];
  /** Always-on shared experts (CMoE): their subgraphs, added to the gate-weighted sum. */
  readonly shared: readonly (readonly NodeId[])[];
  /** The ⊕ nodes adding the shared experts; the layer's output is the last (or the combine). */
  readonly joins: readonly NodeId[];
  readonly active: number;
}

function ancestors(g: Graph, from: NodeId, stop: ReadonlySet<NodeId>): Set<NodeId> {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const seen = new Set<NodeId>();
  const todo = [from];
  while (todo.length > 0) {
    const id = todo.pop();
    if (id === undefined || seen.has(id) || stop.has(id)) continue;
    seen.add(id);
    for (const i of byId.get(id)?.inputs ?? []) todo.push(i);
  }
  return seen;
}

/** Every moeCombine with its router and expert subgraphs. */
export function moeLayers(g: Graph): MoeLayer[] {
  const byId = new Map<NodeId, Node>(g.nodes.map((n) => [n.id, n]));
  const users = readers(g);
  const layers: MoeLayer[] = [];
  for (const c of g.nodes) {
    if (c.kind !== "moeCombine") continue;
    const route = byId.get(c.inputs[0] ?? -1);
    if (route?.kind !== "moeRoute") continue;
    const x = route.inputs[0] ?? -1;
    const stop = new Set<NodeId>([route.id, ...ancestors(g, x, new Set())]);
    const subgraphs = c.inputs
      .slice(1)
      .map((e) => [...ancestors(g, e, stop)].sort((a, b) => a - b));
    const shared = subgraphs.slice(c.attrs.experts);
    const joins: NodeId[] = [];
    // Shared experts: `out + S_j(x)` chained after the combine, each S_j computed from x.
    let out: Node = c;
    for (;;) {
      const us = (users.get(out.id) ?? []).filter((u) => u !== GRAPH_OUTPUT);
      const a: Node | undefined = byId.get(us[0] ?? GRAPH_OUTPUT);
      if (us.length !== 1 || a?.kind !== "add") break;
      const other = a.inputs.find((i: NodeId) => i !== out.id);
      const sub = other === undefined ? new Set<NodeId>() : ancestors(g, other, stop);
      if (![...sub].some((id) => byId.get(id)?.inputs.includes(x) === true)) break;
      shared.push([...sub].sort((p, q) => p - q));
      joins.push(a.id);
      out = a;
    }
    layers.push({
      route,
      combine: c,
      experts: subgraphs.slice(0, c.attrs.experts),
      shared,
      joins,
      active: activeExperts(route),
    });
  }
  return layers;
}

/** The share of tokens each node processes: active/E inside routed experts and their combine, else 1. */
export function tokenShares(g: Graph): ReadonlyMap<NodeId, number> {
  const shares = new Map<NodeId, number>();
  for (const layer of moeLayers(g)) {
    const share = layer.active / Math.max(1, layer.experts.length);
    for (const ids of layer.experts) for (const id of ids) shares.set(id, share);
    shares.set(layer.combine.id, share);
  }
  return shares;
}

/**
 * The share of tokens each node computes on, for FLOPs. In a lowered graph: tokenShares. In an
 * optimized graph, the path that runs: a layer the optimizer keeps `dense` runs every expert on
 * every token (share 1); a dispatched layer (moeCombine `slots`) runs each expert on its capacity
 * slots, routed or not: capacity·k/E of the tokens (capacity/E for expert choice), at most 1, and
 * its moeDispatch nodes (gather and scatter per expert, flops.ts) and combine count for every token.
 */
export function computeShares(g: Graph): ReadonlyMap<NodeId, number> {
  const shares = new Map<NodeId, number>();
  for (const layer of moeLayers(g)) {
    const E = Math.max(1, layer.experts.length);
    const slots = layer.combine.attrs.slots;
    const dense = layer.combine.attrs.strategy === "dense";
    const share =
      slots !== undefined
        ? Math.min(1, (slots.capacity * (slots.router === "softmax" ? slots.topK : 1)) / E)
        : dense
          ? 1
          : layer.active / E;
    for (const ids of layer.experts)
      for (const id of ids) shares.set(id, g.nodes[id]?.kind === "moeDispatch" ? 1 : share);
    shares.set(layer.combine.id, slots === undefined ? share : 1);
  }
  return shares;
}
