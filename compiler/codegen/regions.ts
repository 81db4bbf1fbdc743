// Block instances recovered from the flat IR: nodes sharing an `origin.path` prefix form a region
// (one block instance), nested by depth. A region's signature is its code modulo the parameter
// prefix, so identical instances (the layers of a repeat) fold into one generated function.
import type { Span } from "../../grammar/core/source.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { groupIterations } from "./iterations.ts";

/** One block instance: its nodes in graph order, and its dataflow boundary. */
export interface Region {
  readonly block: string;
  /** The instance name, also the prefix of its parameters (`blocks.3`). */
  readonly instance: string;
  /** Path depth of the items inside: nested instances are the nodes' `origin.path[depth]` entries. */
  readonly depth: number;
  /** Where the instance is made (the block call, or the first statement of a repeat body). */
  readonly call: Span;
  readonly items: readonly Item[];
  /** Every node inside, nested ones included, in graph order. */
  readonly nodes: readonly Node[];
  /** Nodes outside the region that it reads, in order of first use. */
  readonly inputs: readonly NodeId[];
  /** Nodes inside the region read after it (or graph outputs), in graph order. */
  readonly outputs: readonly NodeId[];
  /** Equal signatures ⇔ the same generated function (see `signature`). */
  readonly signature: string;
  /** Values of the liftable constants of the region's own nodes, in order (see liftable). */
  readonly constants: readonly Constant[];
}

/**
 * Attributes that may differ between instances of one function: they become its arguments
 * (LayerNorm Scaling's 1/√ℓ, a hash layer's seed, a per-layer dropout rate).
 */
export function liftable(n: Node): readonly string[] {
  if (n.kind === "scale") return ["factor"];
  if (n.kind === "dropout") return ["p"];
  if (n.kind === "moeRoute" && n.attrs.router === "hash") return ["hashSeed"];
  return [];
}

/** Attributes the generated code never reads (a non-hash router's hash seed). */
function unused(n: Node): readonly string[] {
  return n.kind === "moeRoute" && n.attrs.router !== "hash" ? ["hashSeed"] : [];
}

/** One liftable constant of a region: node, attribute and value. */
export interface Constant {
  readonly node: NodeId;
  readonly key: string;
  readonly value: number;
}

export type Item =
  { readonly k: "node"; readonly node: Node } | { readonly k: "region"; readonly region: Region };

/** The top-level items of a graph: nodes outside every block, and block instances as regions. */
export function buildItems(g: Graph, users: Map<NodeId, NodeId[]>): Item[] {
  return group(g.nodes, 0, users, "");
}

/** Items at one path depth inside instance `prefix`: block instances, then repeat iterations, as regions. */
function group(
  nodes: readonly Node[],
  depth: number,
  users: Map<NodeId, NodeId[]>,
  prefix: string,
): Item[] {
  const items: Item[] = [];
  let i = 0;
  while (i < nodes.length) {
    const first = nodes[i]!;
    const entry = first.origin.path[depth];
    if (entry === undefined) {
      items.push({ k: "node", node: first });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < nodes.length && nodes[j]!.origin.path[depth]?.instance === entry.instance) j++;
    const inner = nodes.slice(i, j);
    const innerItems = group(inner, depth + 1, users, entry.instance);
    items.push({
      k: "region",
      region: makeRegion(entry.block, entry.instance, depth + 1, entry.call, innerItems, users),
    });
    i = j;
  }
  return groupIterations(items, prefix, depth, users);
}

/** All nodes of some items, nested ones included, in order. */
export function itemNodes(items: readonly Item[]): Node[] {
  return items.flatMap((it) => (it.k === "node" ? [it.node] : it.region.nodes));
}

/** A region over items already grouped (at path depth `depth`), with its dataflow boundary and signature. */
export function makeRegion(
  block: string,
  instance: string,
  depth: number,
  call: Span,
  items: readonly Item[],
  users: Map<NodeId, NodeId[]>,
): Region {
  const nodes = itemNodes(items);
  const inside = new Set(nodes.map((n) => n.id));
  const inputs: NodeId[] = [];
  for (const n of nodes)
    for (const i of n.inputs) if (!inside.has(i) && !inputs.includes(i)) inputs.push(i);
  const outputs = nodes
    .filter((n) => (users.get(n.id) ?? []).some((u) => !inside.has(u)))
    .map((n) => n.id);
  const base = { block, instance, depth, call, items, nodes, inputs, outputs };
  const direct = new Set(items.flatMap((it) => (it.k === "node" ? [it.node.id] : [])));
  const constants = nodes.flatMap((n) =>
    direct.has(n.id)
      ? liftable(n).map((key) => ({
          node: n.id,
          key,
          value: (n.attrs as Record<string, number>)[key]!,
        }))
      : [],
  );
  return { ...base, constants, signature: signature(base, direct) };
}

/** A parameter or instance name relative to a prefix (`~.attn.q.kernel`), or absolute when outside it. */
export function relativeName(name: string, prefix: string): string {
  if (prefix !== "" && name === prefix) return "~";
  return prefix !== "" && name.startsWith(`${prefix}.`) ? `~${name.slice(prefix.length)}` : name;
}

/** Everything that shapes the generated code of a region, with names made relative to its instance. */
function signature(
  r: Omit<Region, "signature" | "constants">,
  direct: ReadonlySet<NodeId>,
): string {
  const local = new Map(r.nodes.map((n, i) => [n.id, i]));
  const external = new Map(r.inputs.map((id, i) => [id, i]));
  const rel = (name: string): string => relativeName(name, r.instance);
  const lines = r.nodes.map((n) =>
    JSON.stringify([
      n.kind,
      attrsKey(n, direct.has(n.id), rel),
      n.shape,
      n.dtype,
      n.name,
      [n.origin.span.file, n.origin.span.start, n.origin.span.end],
      n.origin.path.slice(r.depth).map((e) => [e.block, rel(e.instance)]),
      n.params.map((p) => rel(p.name)),
      n.inputs.map((i) => (local.has(i) ? `n${local.get(i)}` : `x${external.get(i)}`)),
    ]),
  );
  return [r.block, ...lines, JSON.stringify(r.outputs.map((o) => local.get(o)))].join("\n");
}

/** The attributes as they shape the code: relative table names; liftable constants of own nodes masked. */
function attrsKey(n: Node, own: boolean, rel: (name: string) => string): unknown {
  if (n.kind === "tiedHead") return { ...n.attrs, table: rel(n.attrs.table) };
  const masked = [...(own ? liftable(n) : []), ...unused(n)];
  if (masked.length === 0) return n.attrs;
  return Object.fromEntries(
    Object.entries(n.attrs).map(([k, v]) => [k, masked.includes(k) ? "?" : v]),
  );
}
