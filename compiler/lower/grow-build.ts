// Shared by the growth operators (grow-stages.ts, grow-depth.ts): copying a node into a new
// GraphBuilder with its parameter names and inits, the mask node, the finished graph, GrowError.
import { GraphBuilder } from "../ir/build.ts";
import type { Graph, GrowRamp, Node, NodeId, OpAttrs, OriginSpec } from "../ir/types.ts";
import type { GrowEventSpec } from "./grow-spec.ts";

/** A growth event this model's structure cannot follow (reported by the caller). */
export class GrowError extends Error {
  event?: GrowEventSpec;
}

export type AnyAttrs = OpAttrs[keyof OpAttrs];
/** The graph after one event, and the stacking copies it made (new block → source block). */
export type Applied = { graph: Graph; copies: Record<string, string> };

export const prefixOf = (n: Node): string | undefined => {
  const p = n.params[0];
  return p === undefined ? undefined : p.name.slice(0, p.name.lastIndexOf("."));
};

/**
 * Adds a copy of `n`. `rename` maps its parameter prefix for a copy elsewhere (a stacked block);
 * a copy whose parameters keep their names (a shared layer's) ties them to the originals.
 */
export function addLike(
  b: GraphBuilder,
  n: Node,
  inputs: readonly NodeId[],
  attrs: AnyAttrs,
  rename?: (s: string) => string,
  origin: OriginSpec = n.origin,
): NodeId {
  const prefix = prefixOf(n);
  const copied = rename !== undefined && prefix !== undefined && rename(prefix) === prefix;
  const inits = new Map(n.params.map((p) => [p.name.slice(p.name.lastIndexOf(".") + 1), p.init]));
  return b.add({
    kind: n.kind,
    inputs,
    attrs,
    name: n.name,
    origin,
    ...(prefix === undefined ? {} : { paramPrefix: rename?.(prefix) ?? prefix }),
    init: (slot: string) => inits.get(slot),
    tie: copied || n.params.some((q) => q.tiedTo !== undefined),
  } as Parameters<GraphBuilder["add"]>[0]);
}

export const mask = (b: GraphBuilder, x: NodeId, n: Node, ramp: GrowRamp): NodeId =>
  b.add({ kind: "growMask", inputs: [x], attrs: ramp, name: `${n.name}_grow`, origin: n.origin });

export function finish(
  b: GraphBuilder,
  g: Graph,
  map: ReadonlyMap<NodeId, NodeId>,
  width: number,
): Graph {
  return b.finish({
    name: g.name,
    source: g.source,
    inputs: g.inputs.map((i) => map.get(i) ?? i),
    outputs: g.outputs.map((i) => map.get(i) ?? i),
    meta: { ...g.meta, width },
  });
}
