// The model's structure (Graph.structure) with its nodes, as the report and the picture read it:
// each scope's subtree nodes (one contiguous run, verify-structure.ts), its own nodes, and its
// contents in graph order (own nodes and child scopes), so neither has to guess a construct back
// from parameter names or node patterns.
import { childScopes, scopeChain, type ScopeId, type StructureScope } from "../ir/structure.ts";
import type { Graph, Node } from "../ir/types.ts";
import { subtreeNodes, subtreeRanges } from "../ir/verify-structure.ts";

/** One element of a scope's contents: a node of its own, or a child scope with its subtree. */
export type ScopeItem =
  | { readonly kind: "node"; readonly node: Node }
  | { readonly kind: "scope"; readonly scope: StructureScope; readonly nodes: readonly Node[] };

export interface ScopeIndex {
  readonly graph: Graph;
  /** The scope with this id (the model for an unknown id). */
  scope(id: ScopeId): StructureScope;
  /** Direct children, in graph order. */
  children(id: ScopeId): readonly StructureScope[];
  /** Every node of the scope's subtree, in graph order. */
  subtree(id: ScopeId): readonly Node[];
  /** The scope's own nodes and child scopes, each once, in graph order. */
  contents(id: ScopeId): readonly ScopeItem[];
  /** The same for some of the subtree's nodes: each child scope with those of its nodes given. */
  group(id: ScopeId, nodes: readonly Node[]): readonly ScopeItem[];
  /** The innermost scope holding all of `nodes` (the model for none). */
  common(nodes: readonly Node[]): StructureScope;
  /** The scopes from `inner` up to, not including, `outer` (innermost first). */
  between(inner: ScopeId, outer: ScopeId): readonly StructureScope[];
  /** The first scope of `kind` in the subtree of `id` (pre-order, `id` itself included). */
  find<K extends StructureScope["kind"]>(
    id: ScopeId,
    kind: K,
  ): Extract<StructureScope, { kind: K }> | undefined;
}

export function scopeIndex(g: Graph): ScopeIndex {
  const ranges = subtreeRanges(g);
  const kids = childScopes(g.structure);
  const root = g.structure[0] as StructureScope;
  const scope = (id: ScopeId): StructureScope => g.structure[id] ?? root;
  const subtree = subtreeNodes(g, ranges);
  const children = (id: ScopeId): readonly StructureScope[] =>
    [...(kids.get(id) ?? [])].sort(
      (a, b) => (ranges.get(a.id)?.first ?? Infinity) - (ranges.get(b.id)?.first ?? Infinity),
    );
  /** The child of `id` on the chain from `inner` up to `id` (undefined when `inner` is `id`). */
  const childOn = (inner: ScopeId, id: ScopeId): StructureScope | undefined => {
    for (let s: StructureScope | undefined = g.structure[inner]; s !== undefined;) {
      if (s.parent === id) return s;
      s = s.parent === null ? undefined : g.structure[s.parent];
    }
    return undefined;
  };
  const group = (id: ScopeId, nodes: readonly Node[]): readonly ScopeItem[] => {
    const items: ScopeItem[] = [];
    const open = new Map<ScopeId, Node[]>();
    for (const n of nodes) {
      const child = n.origin.scope === id ? undefined : childOn(n.origin.scope, id);
      if (child === undefined) {
        items.push({ kind: "node", node: n });
        continue;
      }
      const list = open.get(child.id);
      if (list !== undefined) list.push(n);
      else {
        const fresh = [n];
        open.set(child.id, fresh);
        items.push({ kind: "scope", scope: child, nodes: fresh });
      }
    }
    return items;
  };
  const contents = (id: ScopeId): readonly ScopeItem[] => group(id, subtree(id));
  const between = (inner: ScopeId, outer: ScopeId): readonly StructureScope[] => {
    const chain: StructureScope[] = [];
    for (
      let s: StructureScope | undefined = g.structure[inner];
      s !== undefined && s.id !== outer;
    ) {
      chain.push(s);
      s = s.parent === null ? undefined : g.structure[s.parent];
    }
    return chain;
  };
  const common = (nodes: readonly Node[]): StructureScope => {
    const chains = nodes.map((n) => scopeChain(g.structure, n.origin.scope));
    let depth = 0;
    while (
      chains.length > 0 &&
      chains[0]?.[depth] !== undefined &&
      chains.every((c) => c[depth]?.id === chains[0]?.[depth]?.id)
    )
      depth++;
    return chains[0]?.[depth - 1] ?? root;
  };
  const find = <K extends StructureScope["kind"]>(id: ScopeId, kind: K) => {
    const walk = (s: StructureScope): StructureScope | undefined => {
      if (s.kind === kind) return s;
      for (const c of children(s.id)) {
        const hit = walk(c);
        if (hit !== undefined) return hit;
      }
      return undefined;
    };
    return walk(scope(id)) as Extract<StructureScope, { kind: K }> | undefined;
  };
  return { graph: g, scope, children, subtree, contents, group, common, between, find };
}
