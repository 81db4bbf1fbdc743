// What growth reads from the model's structure (compiler/ir/structure.ts) instead of guessing it
// from parameter names or node patterns: the layer stack (the model's repeat, its iterations and
// their nodes) that depth growth extends and counts, and the FFNs whose hidden axis `ffn` grows.
// An FFN is a construct instance (a block, usually) that owns a hidden axis (grow-axes.ts): the
// output axis of a Linear reading the stream and feeding an activation, used by no node outside that
// instance. So a gate such as `x * sigmoid(Linear(d, d)(x))`, whose axis is the stream's (it reaches
// the embedding, at model level), is not an FFN.
import { subtreeNodes } from "../ir/verify-structure.ts";
import {
  scopeChain,
  within,
  type ScopeId,
  type ScopeOf,
  type StructureScope,
} from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { widthClass, type AxisClasses } from "./grow-axes.ts";

/** One layer of the stack: an iteration of the model's repeat and its nodes (graph order). */
export interface StackLayer {
  readonly scope: ScopeOf<"iteration">;
  readonly nodes: readonly Node[];
}

/** A repeat directly in the model: its iterations (the model's layers) and all its nodes. */
export interface LayerStack {
  readonly repeat: ScopeOf<"repeat">;
  readonly layers: readonly StackLayer[];
  /** The repeat's nodes: its layers', and any between or after them (DWA sites, growth mixes). */
  readonly nodes: readonly Node[];
}

/** The model-level repeats (usually one), in source order. */
export function layerStacks(g: Graph): LayerStack[] {
  const nodesOf = subtreeNodes(g);
  const repeats = g.structure.filter(
    (s): s is ScopeOf<"repeat"> => s.kind === "repeat" && s.parent === 0,
  );
  return repeats.map((repeat) => ({
    repeat,
    nodes: nodesOf(repeat.id),
    layers: g.structure
      .filter((s): s is ScopeOf<"iteration"> => s.kind === "iteration" && s.parent === repeat.id)
      .map((scope) => ({ scope, nodes: nodesOf(scope.id) })),
  }));
}

/** The model's depth: how many layers its model-level repeats unroll to. */
export function modelDepth(g: Graph): number {
  return layerStacks(g).reduce((n, s) => n + s.layers.length, 0);
}

/** One FFN: the innermost scope holding its hidden axis, the axis class and its size. */
export interface FfnLayer {
  readonly scope: StructureScope;
  readonly axis: NodeId;
  readonly hidden: number;
}

/** The FFNs of the model, one per hidden axis (inside a construct, not the model), in graph order. */
export function ffnLayers(ax: AxisClasses): FfnLayer[] {
  const g = ax.graph;
  const width = widthClass(ax);
  const feedsActivation = new Set<NodeId>();
  for (const n of g.nodes)
    if (n.kind === "activation") n.inputs.forEach((i) => feedsActivation.add(i));
  // every axis class → the scopes of its nodes
  const scopesOf = new Map<NodeId, Set<ScopeId>>();
  for (const n of g.nodes) {
    const c = ax.find(n.id);
    const set = scopesOf.get(c) ?? new Set<ScopeId>();
    set.add(n.origin.scope);
    scopesOf.set(c, set);
  }
  const found = new Map<NodeId, FfnLayer>();
  for (const n of g.nodes) {
    const x = n.inputs[0];
    if (n.kind !== "linear" || x === undefined || ax.find(x) !== width) continue;
    if (!feedsActivation.has(n.id)) continue;
    const axis = ax.find(n.id);
    if (found.has(axis)) continue;
    const scope = owner(g, n.origin.scope, scopesOf.get(axis)!);
    if (scope.id !== 0) found.set(axis, { scope, axis, hidden: n.attrs.out });
  }
  return [...found.values()];
}

/** The innermost scope around `scope` whose subtree holds every scope in `used` (the model at worst). */
function owner(g: Graph, scope: ScopeId, used: ReadonlySet<ScopeId>): StructureScope {
  const chain = scopeChain(g.structure, scope).reverse();
  return chain.find((s) => [...used].every((u) => within(g.structure, u, s.id))) ?? chain.at(-1)!;
}
