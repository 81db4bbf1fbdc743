// p-MoD in the report (constructs.md §8.1): a routed layer (an iteration with a `keep` ratio in the
// structure) runs on k = ⌊ρ·T⌋ of the T tokens, so each of its nodes counts with the share k/T of
// the tokens, and its attention with (k/T)² (k queries over k keys). The router, gather and
// scatter run on every token (their costs are in flops.ts). Also the per-layer summary the report
// prints: keep ratio, kept tokens, active forward FLOPs per token against the dense layer's.
import { keptTokens } from "../../spec/pmod.ts";
import { scopeChain, within } from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";

const ROUTING = new Set<Node["kind"]>(["modRouter", "modGather", "modScatter"]);

/** The keep ratio of the routed layer holding node n, if any. */
function keepOf(g: Graph, n: Node): { ratio: number; iteration: number } | undefined {
  for (const s of scopeChain(g.structure, n.origin.scope))
    if (s.kind === "iteration" && s.keep !== undefined) return { ratio: s.keep, iteration: s.id };
  return undefined;
}

/** The share of the context's tokens each node of a routed layer computes on (others: absent). */
export function pmodShares(g: Graph, context: number): ReadonlyMap<NodeId, number> {
  const shares = new Map<NodeId, number>();
  for (const n of g.nodes) {
    if (ROUTING.has(n.kind)) continue;
    const keep = keepOf(g, n);
    if (keep === undefined) continue;
    const share = keptTokens(keep.ratio, context) / context;
    shares.set(n.id, n.kind === "attention" ? share * share : share);
  }
  return shares;
}

/** One routed or dense layer of a `with pmod` repeat. */
export interface PmodLayerRow {
  readonly instance: string;
  /** undefined for a dense layer. */
  readonly ratio?: number;
  readonly kept: number;
  /** Forward FLOPs per token as run (routing included, the layer on its kept tokens). */
  readonly forwardFlops: number;
  /** The same layer's forward FLOPs per token when dense (no router, every token). */
  readonly denseFlops: number;
}

/**
 * The layers of every `with pmod` repeat, in order, with their kept tokens at `context`; `run` is
 * a node's forward FLOPs per token as counted by the report, `dense` the same with every token.
 */
export function pmodLayers(
  g: Graph,
  context: number,
  run: (n: Node) => number,
  dense: (n: Node) => number,
): PmodLayerRow[] {
  const rows: PmodLayerRow[] = [];
  for (const s of g.structure) {
    if (s.kind !== "iteration") continue;
    const parent = s.parent === null ? undefined : g.structure[s.parent];
    if (parent?.kind !== "repeat" || parent.pmod === undefined) continue;
    const nodes = g.nodes.filter((n) => within(g.structure, n.origin.scope, s.id));
    const sum = (f: (n: Node) => number, ns: readonly Node[]): number =>
      ns.reduce((acc, n) => acc + f(n), 0);
    const layer = nodes.filter((n) => !ROUTING.has(n.kind) && n.kind !== "modWeigh");
    rows.push({
      instance: s.instance,
      ...(s.keep !== undefined ? { ratio: s.keep } : {}),
      kept: s.keep === undefined ? context : keptTokens(s.keep, context),
      forwardFlops: sum(run, nodes),
      denseFlops: sum(dense, layer),
    });
  }
  return rows;
}
