// Parameter counting and mixture-of-experts shares for the report: which nodes belong to a routed
// expert (the expert scopes of each moe in the structure), and how many of the experts a token
// uses on average (its "active" share).
import { paramCount } from "../ir/param-count.ts";
import type { ScopeId } from "../ir/structure.ts";
import type { Graph, NodeId, NodeOf } from "../ir/types.ts";
import { scopeIndex } from "./scopes.ts";

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

/** One MoE layer of the structure (a `moe` scope). */
export interface MoeLayer {
  /** Its `moe` scope in the structure. */
  readonly scope: ScopeId;
  readonly route: NodeOf<"moeRoute">;
  readonly combine: NodeOf<"moeCombine">;
  /** Node ids of each routed expert's subgraph. */
  readonly experts: readonly (readonly NodeId[])[];
  /** Always-on shared experts (CMoE): their subgraphs, added to the gate-weighted sum. */
  readonly shared: readonly (readonly NodeId[])[];
  /** The ⊕ nodes adding the shared experts; the layer's output is the last (or the combine). */
  readonly joins: readonly NodeId[];
  /** The optimizer's per-expert gathers (moeDispatch), in the moe's own scope. */
  readonly dispatch: readonly NodeId[];
  readonly active: number;
}

/** Every moe scope of the structure with its router, combine and expert subgraphs. */
export function moeLayers(g: Graph): MoeLayer[] {
  const ix = scopeIndex(g);
  const layers: MoeLayer[] = [];
  for (const s of g.structure) {
    if (s.kind !== "moe") continue;
    const items = ix.contents(s.id);
    const own = items.flatMap((i) => (i.kind === "node" ? [i.node] : []));
    const route = own.find((n): n is NodeOf<"moeRoute"> => n.kind === "moeRoute");
    const combine = own.find((n): n is NodeOf<"moeCombine"> => n.kind === "moeCombine");
    if (route === undefined || combine === undefined) continue;
    const experts = (shared: boolean): NodeId[][] =>
      items
        .flatMap((i) =>
          i.kind === "scope" && i.scope.kind === "expert" && i.scope.shared === shared
            ? [{ index: i.scope.index, ids: i.nodes.map((n) => n.id) }]
            : [],
        )
        .sort((a, b) => a.index - b.index)
        .map((e) => e.ids);
    layers.push({
      scope: s.id,
      route,
      combine,
      experts: experts(false),
      shared: experts(true),
      // the moe's own ⊕ nodes add its shared experts to the gate-weighted sum
      joins: own.filter((n) => n.kind === "add").map((n) => n.id),
      dispatch: own.filter((n) => n.kind === "moeDispatch").map((n) => n.id),
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
    for (const ids of layer.experts) for (const id of ids) shares.set(id, share);
    for (const id of layer.dispatch) shares.set(id, 1);
    shares.set(layer.combine.id, slots === undefined ? share : 1);
  }
  return shares;
}
