// The verifier's structure checks (structure.ts): the scopes form a tree rooted at the model (ids in
// order, each parent an earlier scope), every node names an existing scope, and the nodes of each
// scope's subtree are one contiguous run in graph order (what codegen folding and the picture rely
// on). A pass that moves a node out of its construct breaks the last rule and is caught here.
import type { ScopeId, StructureScope } from "./structure.ts";
import type { Graph, Node } from "./types.ts";

/** The first and last node (graph positions) of each scope's subtree, and how many nodes it has. */
export interface NodeRange {
  readonly first: number;
  readonly last: number;
  readonly count: number;
}

/** Node ranges of every scope that has nodes (its own or its descendants'). */
export function subtreeRanges(g: Graph): Map<ScopeId, NodeRange> {
  const ranges = new Map<ScopeId, NodeRange>();
  g.nodes.forEach((n, index) => {
    for (let id: ScopeId | null = n.origin.scope; id !== null;) {
      const s: StructureScope | undefined = g.structure[id];
      if (s === undefined) break;
      const r = ranges.get(id);
      ranges.set(
        id,
        r === undefined
          ? { first: index, last: index, count: 1 }
          : { first: r.first, last: index, count: r.count + 1 },
      );
      id = s.parent;
    }
  });
  return ranges;
}

/** The nodes of each scope's subtree, in graph order (none for a scope without nodes). */
export function subtreeNodes(
  g: Graph,
  ranges: ReadonlyMap<ScopeId, NodeRange> = subtreeRanges(g),
): (id: ScopeId) => readonly Node[] {
  return (id) => {
    const r = ranges.get(id);
    return r === undefined ? [] : g.nodes.slice(r.first, r.last + 1);
  };
}

/** One message per violation of the structure's invariants (empty when valid). */
export function verifyStructure(g: Graph): string[] {
  const errs: string[] = [];
  const root = g.structure[0];
  if (root === undefined || root.kind !== "model" || root.parent !== null)
    errs.push("structure: scope 0 is not the model");
  g.structure.forEach((s, index) => {
    if (s.id !== index) errs.push(`structure: scope ${s.id} at position ${index}`);
    if (index > 0 && !(s.parent !== null && s.parent >= 0 && s.parent < index))
      errs.push(
        `structure: scope ${index} (${s.kind}) has parent ${s.parent}, not an earlier scope`,
      );
  });
  for (const n of g.nodes)
    if (g.structure[n.origin.scope] === undefined)
      errs.push(`%${n.id} ${n.kind}: scope ${n.origin.scope} does not exist`);
  if (errs.length > 0) return errs;
  for (const [id, r] of subtreeRanges(g))
    if (r.last - r.first + 1 !== r.count)
      errs.push(
        `structure: scope ${id} (${g.structure[id]!.kind}) has ${r.count} nodes spread over %${r.first}..%${r.last}`,
      );
  return errs;
}
