// The inside of one block instance as the picture draws it, read from the structure: the
// instance's contents in graph order, each residual scope a fork that re-joins at ⊕ (its norms
// placed as its placement says, constructs.md §3), each parallel scope its branches side by side
// under the shared norm, and everything else ops on the stream (blocks and moe layers as units;
// the block of a routed p-MoD layer is drawn open between the router's gather and scatter).
import type { ScopeId, ScopeOf, StructureScope } from "../ir/structure.ts";
import type { Node, NodeId } from "../ir/types.ts";
import type { Part } from "../report/groups.ts";
import { isRoutedLayer } from "./pmod.ts";
import { collapse, type Unit, type UnitContext } from "./units.ts";

/** One step along the stream: an op applied to it, or a residual fork that re-joins at ⊕. */
export type StreamItem =
  | { readonly kind: "op"; readonly unit: Unit }
  | {
      readonly kind: "residual";
      /** The norm placement (`pre`, `post`, `peri`, `sandwich`, `sub`, `deepnorm`, `none`) or `parallel`. */
      readonly placement: string;
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

/** Scopes that are drawn as one item of the stream; a part inside one of them is drawn from outside. */
const ITEM_KINDS: ReadonlySet<StructureScope["kind"]> = new Set([
  "residual",
  "parallel",
  "branch",
  "moe",
  "expert",
]);

export function blockDiagram(part: Part, ctx: UnitContext): BlockDiagram {
  let container = ctx.ix.common(part.nodes);
  while (ITEM_KINDS.has(container.kind) && container.parent !== null)
    container = ctx.ix.scope(container.parent);
  return { items: streamItems(container.id, part.nodes, ctx) };
}

/** The items of `nodes` (in `container`'s subtree): residual and parallel scopes, and runs of ops. */
function streamItems(container: ScopeId, nodes: readonly Node[], ctx: UnitContext): StreamItem[] {
  const items: StreamItem[] = [];
  const routed = isRoutedLayer(ctx.ix.scope(container));
  let ops: Node[] = [];
  const flush = (): void => {
    items.push(...collapse(ops, container, ctx).map((unit): StreamItem => ({ kind: "op", unit })));
    ops = [];
  };
  for (const it of ctx.ix.group(container, nodes)) {
    if (it.kind === "scope" && it.scope.kind === "residual") {
      flush();
      items.push(...residualItems(it.scope, it.nodes, ctx));
    } else if (it.kind === "scope" && it.scope.kind === "parallel") {
      flush();
      items.push(parallelItem(it.scope, it.nodes, ctx));
    } else if (it.kind === "scope" && it.scope.kind === "block" && routed) {
      // a routed p-MoD layer: the block between the gather and the scatter is drawn open
      flush();
      items.push(...streamItems(it.scope.id, it.nodes, ctx));
    } else ops.push(...(it.kind === "node" ? [it.node] : it.nodes));
  }
  flush();
  return items;
}

const isNorm = (n: Node | undefined): boolean => n?.kind === "layerNorm" || n?.kind === "rmsNorm";

/**
 * A residual's nodes as its placement lays them out (compiler/lower/residual.ts): the branch (the
 * input norm and any scale first, Sub-LN's norm before the body's last node, Peri-LN's output norm
 * last), then α·x on the skip path (DeepNorm), the ⊕, and the post norm on the stream (post, deepnorm).
 */
function residualItems(
  s: ScopeOf<"residual">,
  nodes: readonly Node[],
  ctx: UnitContext,
): StreamItem[] {
  const postNorm = s.placement === "post" || s.placement === "deepnorm";
  const tail = nodes.slice(postNorm ? -2 : -1);
  const [add, post] = tail;
  if (add?.kind !== "add" || (postNorm && !isNorm(post))) return opItems(s.id, nodes, ctx);
  let lane = nodes.slice(0, nodes.length - tail.length);
  const alpha = s.placement === "deepnorm" && (s.alpha ?? 1) !== 1 ? lane.at(-1) : undefined;
  if (alpha !== undefined) lane = lane.slice(0, -1);
  const sub = s.placement === "sub" ? lane.at(-2) : undefined;
  const alone = new Set<NodeId>(sub !== undefined && isNorm(sub) ? [sub.id] : []);
  const items: StreamItem[] = [
    {
      kind: "residual",
      placement: s.placement,
      skip: alpha === undefined ? [] : collapse([alpha], s.id, ctx),
      shared: [],
      lanes: [collapse(lane, s.id, ctx, alone)],
    },
  ];
  if (post !== undefined && postNorm) items.push(...opItems(s.id, [post], ctx));
  return items;
}

/** A parallel scope: the shared norm (its first node when `sharedNorm`), one lane per branch. */
function parallelItem(
  s: ScopeOf<"parallel">,
  nodes: readonly Node[],
  ctx: UnitContext,
): StreamItem {
  const parts = ctx.ix.group(s.id, nodes);
  const first = parts[0];
  const shared = s.sharedNorm && first?.kind === "node" ? [first.node] : [];
  return {
    kind: "residual",
    placement: "parallel",
    skip: [],
    shared: collapse(shared, s.id, ctx),
    lanes: parts.flatMap((p) =>
      p.kind === "scope" && p.scope.kind === "branch" ? [collapse(p.nodes, p.scope.id, ctx)] : [],
    ),
  };
}

function opItems(container: ScopeId, nodes: readonly Node[], ctx: UnitContext): StreamItem[] {
  return collapse(nodes, container, ctx).map((unit) => ({ kind: "op", unit }));
}

/** The norm placement a residual item shows (its construct's, from the structure). */
export function placement(items: readonly StreamItem[], i: number): string {
  const it = items[i];
  return it?.kind === "residual" ? it.placement : "";
}
