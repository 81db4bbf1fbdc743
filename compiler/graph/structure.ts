// Recovers the residual structure of one block instance from the dataflow graph: the residual
// stream is the chain of nodes every path from the block input to its output passes through; the
// nodes between two stream nodes are either ops on the stream or branches that re-join at ⊕.
import type { Node, NodeId } from "../ir/types.ts";
import type { Part } from "../report/groups.ts";
import { collapse, type Unit, type UnitContext } from "./units.ts";

/** One step along the stream: an op applied to it, or a residual fork that re-joins at ⊕. */
export type StreamItem =
  | { readonly kind: "op"; readonly unit: Unit }
  | {
      readonly kind: "residual";
      /** Ops on the skip path before ⊕ (DeepNorm's × α). */
      readonly skip: readonly Unit[];
      /** Units all lanes share before they split (a parallel block's shared norm). */
      readonly shared: readonly Unit[];
      /** One lane per branch joining the ⊕, side by side (two for a parallel block). */
      readonly lanes: readonly (readonly Unit[])[];
    };

export interface BlockDiagram {
  readonly items: readonly StreamItem[];
}

/** How many leading origin-path entries all nodes of the part share, minus one (−1: none). */
export function commonDepth(nodes: readonly Node[]): number {
  let depth = -1;
  for (;;) {
    const inst = nodes[0]?.origin.path[depth + 1]?.instance;
    if (inst === undefined || !nodes.every((n) => n.origin.path[depth + 1]?.instance === inst))
      return depth;
    depth++;
  }
}

export function blockDiagram(part: Part, ctx: UnitContext): BlockDiagram {
  const byId = ctx.byId;
  const nodes = part.nodes;
  const depth = commonDepth(nodes);
  const inPart = new Set(nodes.map((n) => n.id));
  const pos = new Map(nodes.map((n, i) => [n.id, i + 1]));
  const external = nodes.flatMap((n) =>
    n.inputs.filter((i) => !inPart.has(i) && byId.get(i)?.kind !== "input"),
  );
  const entry = external.length > 0 ? Math.max(...external) : undefined;
  const exit = nodes[nodes.length - 1];
  if (exit === undefined) return { items: [] };
  if (entry !== undefined) pos.set(entry, 0);
  const units = (ns: readonly Node[]): Unit[] => collapse(ns, depth, ctx);

  // R: nodes on some entry → exit path (a block without an input is all ops).
  const forward = new Set<NodeId>(entry === undefined ? [nodes[0]?.id ?? exit.id] : [entry]);
  for (const n of nodes) if (n.inputs.some((i) => forward.has(i))) forward.add(n.id);
  const onPath = new Set<NodeId>([exit.id]);
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i] as Node;
    if (onPath.has(n.id)) for (const inp of n.inputs) if (forward.has(inp)) onPath.add(inp);
  }
  const order = [...onPath].sort((a, b) => (pos.get(a) ?? 0) - (pos.get(b) ?? 0));
  // A node is on the stream unless some edge jumps over it in topological order.
  const index = new Map(order.map((id, i) => [id, i]));
  const reach = order.map(() => -1);
  for (const id of order) {
    for (const inp of byId.get(id)?.inputs ?? []) {
      const a = index.get(inp);
      const b = index.get(id);
      if (a !== undefined && b !== undefined) reach[a] = Math.max(reach[a] ?? -1, b);
    }
  }
  const stream: NodeId[] = [];
  let furthest = -1;
  order.forEach((id, i) => {
    if (furthest <= i) stream.push(id);
    furthest = Math.max(furthest, reach[i] ?? -1);
  });

  const items: StreamItem[] = [];
  for (let k = 1; k < stream.length; k++) {
    const s = stream[k - 1] as NodeId;
    const t = byId.get(stream[k] as NodeId) as Node;
    const lo = index.get(s) ?? 0;
    const hi = index.get(t.id) ?? 0;
    const inner = order.slice(lo + 1, hi).map((id) => byId.get(id) as Node);
    items.push(...segment(s, t, inner, depth, units, ctx.inMoe));
  }
  if (entry === undefined && stream.length > 0) {
    const first = byId.get(stream[0] as NodeId) as Node;
    items.unshift(...units([first]).map((unit): StreamItem => ({ kind: "op", unit })));
  }
  return { items };
}

/** The items between stream nodes `s` and `t`: a residual when `t` is a ⊕ with a skip input. */
function segment(
  s: NodeId,
  t: Node,
  inner: readonly Node[],
  depth: number,
  units: (ns: readonly Node[]) => Unit[],
  opaque: ReadonlySet<NodeId>,
): StreamItem[] {
  const asOps = (): StreamItem[] => units([...inner, t]).map((unit) => ({ kind: "op", unit }));
  if (inner.length === 0 || t.kind !== "add") return asOps();
  const innerById = new Map(inner.map((n) => [n.id, n]));
  // The skip path: s itself, or a chain of one-input nodes back to s (DeepNorm's scale).
  const skipChain = (id: NodeId): Node[] | undefined => {
    if (id === s) return [];
    const n = innerById.get(id);
    if (n === undefined || n.inputs.length !== 1 || n.kind === "add") return undefined;
    const rest = skipChain(n.inputs[0] as NodeId);
    return rest === undefined ? undefined : [...rest, n];
  };
  let skip: Node[] | undefined;
  const joins = new Set<NodeId>();
  const outputs: NodeId[] = [];
  const expand = (a: Node): void => {
    joins.add(a.id);
    for (const u of a.inputs) {
      const chain = skip === undefined ? skipChain(u) : undefined;
      const un = innerById.get(u);
      if (chain !== undefined) skip = chain;
      else if (un?.kind === "add" && un.origin.path.length <= depth + 1 && !opaque.has(un.id))
        expand(un);
      else outputs.push(u);
    }
  };
  expand(t);
  if (skip === undefined) return asOps();
  const skipIds = new Set(skip.map((n) => n.id));
  const ancestors = (id: NodeId): Set<NodeId> => {
    const seen = new Set<NodeId>();
    const todo = [id];
    while (todo.length > 0) {
      const x = todo.pop() as NodeId;
      const n = innerById.get(x);
      if (n === undefined || seen.has(x) || joins.has(x) || skipIds.has(x)) continue;
      seen.add(x);
      todo.push(...n.inputs);
    }
    return seen;
  };
  const laneSets = outputs.map(ancestors);
  const common =
    laneSets.length > 1
      ? [...(laneSets[0] ?? [])].filter((id) => laneSets.every((l) => l.has(id)))
      : [];
  const commonSet = new Set(common);
  const pick = (set: ReadonlySet<NodeId>): Node[] =>
    inner.filter((n) => set.has(n.id) && !commonSet.has(n.id));
  return [
    {
      kind: "residual",
      skip: units(skip),
      shared: units(inner.filter((n) => commonSet.has(n.id))),
      lanes: laneSets.map((set) => units(pick(set))).filter((l) => l.length > 0),
    },
  ];
}

/** The norm placement a residual item shows (constructs.md §3): pre, post, peri, sub, deepnorm, none. */
export function placement(items: readonly StreamItem[], i: number): string {
  const it = items[i];
  if (it?.kind !== "residual") return "";
  const next = items[i + 1];
  const postNorm = next?.kind === "op" && next.unit.kind === "norm";
  if (it.skip.length > 0 && postNorm) return "deepnorm";
  if (postNorm) return "post";
  if (it.lanes.length > 1) return "parallel";
  const lane = [...it.shared, ...(it.lanes.length === 1 ? (it.lanes[0] ?? []) : [])];
  const isNorm = lane.map((u) => u.kind === "norm");
  const first = isNorm[0] === true;
  const last = lane.length > 1 && isNorm[lane.length - 1] === true;
  if (first && last) return "peri";
  if (first && isNorm.slice(1).some((b) => b)) return "sub";
  if (first) return "pre";
  return "none";
}
