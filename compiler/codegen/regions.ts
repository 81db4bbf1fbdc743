// Regions read from the structure (scopes.ts): the nodes of one block instance or repeat iteration
// form a region, nested as the scopes nest (a scope's nodes are one contiguous run). A region's
// signature is its code modulo its instance prefix (signature.ts), so identical instances (the
// layers of a repeat) fold into one generated function.
import type { Span } from "../../grammar/core/source.ts";
import type { ScopeId } from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import {
  regionChain,
  regionPlan,
  type IterationOf,
  type RegionPlan,
  type RegionScope,
} from "./scopes.ts";
import { liftable, signature } from "./signature.ts";

/** One block instance or repeat iteration: its nodes in graph order, and its dataflow boundary. */
export interface Region {
  readonly block: string;
  /** The instance name, also the prefix of its parameters (`blocks.3`). */
  readonly instance: string;
  /** The structure scope it stands for. */
  readonly scope: ScopeId;
  /** The repeat iteration it stands for, if it does. */
  readonly iteration: IterationOf | undefined;
  /** Where the instance is made (the block call, or the first statement of a repeat body). */
  readonly call: Span;
  readonly items: readonly Item[];
  /** Every node inside, nested ones included, in graph order. */
  readonly nodes: readonly Node[];
  /** Nodes outside the region that it reads, in order of first use. */
  readonly inputs: readonly NodeId[];
  /** Nodes inside the region read after it (or graph outputs), in graph order. */
  readonly outputs: readonly NodeId[];
  /** Equal signatures ⇔ the same generated function (see signature.ts). */
  readonly signature: string;
  /** Values of the liftable constants of the region's own nodes, in order (see liftable). */
  readonly constants: readonly Constant[];
}

/** One liftable constant of a region: node, attribute and value. */
export interface Constant {
  readonly node: NodeId;
  readonly key: string;
  readonly value: number;
}

export type Item =
  { readonly k: "node"; readonly node: Node } | { readonly k: "region"; readonly region: Region };

/** The top-level items of a graph: nodes outside every region, and the outermost regions. */
export function buildItems(g: Graph, users: Map<NodeId, NodeId[]>): Item[] {
  return group(g.nodes, 0, regionPlan(g), users);
}

/** The items of the nodes inside scope `outer`: runs of one region scope just below it become regions. */
function group(
  nodes: readonly Node[],
  outer: ScopeId,
  plan: RegionPlan,
  users: Map<NodeId, NodeId[]>,
): Item[] {
  const head = (n: Node): ScopeId | undefined => regionChain(plan, n.origin.scope, outer)[0];
  const items: Item[] = [];
  let i = 0;
  while (i < nodes.length) {
    const scope = head(nodes[i]!);
    if (scope === undefined) {
      items.push({ k: "node", node: nodes[i]! });
      i++;
      continue;
    }
    let j = i + 1;
    while (j < nodes.length && head(nodes[j]!) === scope) j++;
    const inner = group(nodes.slice(i, j), scope, plan, users);
    items.push({ k: "region", region: makeRegion(plan, scope, inner, users) });
    i = j;
  }
  return items;
}

/** All nodes of some items, nested ones included, in order. */
export function itemNodes(items: readonly Item[]): Node[] {
  return items.flatMap((it) => (it.k === "node" ? [it.node] : it.region.nodes));
}

/** The region of scope `scope` over its items, with its dataflow boundary and signature. */
function makeRegion(
  plan: RegionPlan,
  scope: ScopeId,
  items: readonly Item[],
  users: Map<NodeId, NodeId[]>,
): Region {
  const { block, instance, call, iteration }: RegionScope = plan.regions.get(scope)!;
  const nodes = itemNodes(items);
  const inside = new Set(nodes.map((n) => n.id));
  const inputs: NodeId[] = [];
  for (const n of nodes)
    for (const i of n.inputs) if (!inside.has(i) && !inputs.includes(i)) inputs.push(i);
  const outputs = nodes
    .filter((n) => (users.get(n.id) ?? []).some((u) => !inside.has(u)))
    .map((n) => n.id);
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
  const nested = (n: Node) =>
    regionChain(plan, n.origin.scope, scope).map((id) => plan.regions.get(id)!);
  const sig = signature({ block, instance, nodes, inputs, outputs, nested, direct });
  return {
    block,
    instance,
    scope,
    iteration,
    call,
    items,
    nodes,
    inputs,
    outputs,
    constants,
    signature: sig,
  };
}
