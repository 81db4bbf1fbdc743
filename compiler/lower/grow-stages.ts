// Growth stages (constructs.md §9.1–9.2): the model after events 1..k, one IR graph per stage, with
// MSG masks for every event whose ramp is still running when the stage starts. Resizing is
// structural (grow-axes.ts): the grown axis class is resized everywhere and every producer of it
// (Linear, embedding, positions) is followed by a `growMask`; norms over it get masked statistics
// (`grow` ramps). Heads keep their size: q/k/v gain heads·head_size columns, W_O gains input rows.
// Depth appends blocks L..L′−1 after the last block, each mixed in as h + c·(Block(h) − h);
// stacking copies θ_{L+i} ← θ_{i mod L} (the runtime follows `copies`), random leaves them fresh.
// New entries always sit after the old ones on every axis, so old weights go to the top-left.
import { GraphBuilder } from "../ir/build.ts";
import type { Graph, GrowRamp, NodeId } from "../ir/types.ts";
import { AxisClasses, widthClass } from "./grow-axes.ts";
import { addLike, finish, GrowError, mask, type AnyAttrs, type Applied } from "./grow-build.ts";
import { deepen } from "./grow-depth.ts";
import { ffnLayers } from "./grow-structure.ts";
import type { GrowEventSpec, GrowSpec } from "./grow-spec.ts";

export { GrowError } from "./grow-build.ts";

/** The model from one growth event on. */
export interface GrowStageGraph {
  readonly event: GrowEventSpec;
  readonly graph: Graph;
  /** Depth by stacking: new block prefix → the block it copies (`blocks.2` → `blocks.0`). */
  readonly copies: Readonly<Record<string, string>>;
}

/** `ffn 256 → 512, masked over 50 steps`, `depth 2 → 4 by stacking` */
export function describeGrowEvent(e: GrowEventSpec): string {
  const how = e.method === "stacking" ? " by stacking" : e.target === "depth" ? " (random)" : "";
  return `${e.target} ${e.from} → ${e.to}${how}${e.maskedOver > 0 ? `, masked over ${e.maskedOver} steps` : ""}`;
}

/** The stages with their descriptions, for codegen. */
export function growStageInputs(
  base: Graph,
  spec: GrowSpec,
): { stage: GrowStageGraph; description: string }[] {
  return growStageGraphs(base, spec).map((stage) => ({
    stage,
    description: describeGrowEvent(stage.event),
  }));
}

/** Every stage after the base model, in event order. Throws GrowError. */
export function growStageGraphs(base: Graph, spec: GrowSpec): GrowStageGraph[] {
  const events = [...spec.events].sort((a, b) => a.step - b.step);
  return events.map((event, k) => {
    let applied: Applied = { graph: base, copies: {} };
    for (let i = 0; i <= k; i++) {
      const e = events[i]!;
      const running = e.maskedOver > 0 && e.step + e.maskedOver > event.step;
      try {
        applied = applyEvent(applied.graph, e, running);
      } catch (err) {
        if (err instanceof GrowError) err.event ??= e;
        throw err;
      }
    }
    return { event, graph: atStage(applied.graph, k + 1), copies: applied.copies };
  });
}

/** The graph with its model scope marked as growth stage `stage`. */
function atStage(g: Graph, stage: number): Graph {
  const [model, ...rest] = g.structure;
  return { ...g, structure: [{ ...model!, stage } as typeof model & {}, ...rest] };
}

/** The graph after one event; `masked`: with its masks (else the plain grown model). */
export function applyEvent(g: Graph, e: GrowEventSpec, masked: boolean): Applied {
  return e.target === "depth" ? deepen(g, e, masked) : widen(g, e, masked);
}

/** ffn, heads or width: resize the grown axis classes; mask their producers. */
function widen(g: Graph, e: GrowEventSpec, masked: boolean): Applied {
  const ax = new AxisClasses(g);
  // grown axis class → its size before and after
  const grown = new Map<NodeId, { from: number; to: number }>();
  const same = { from: e.from, to: e.to };
  if (e.target === "width") {
    const w = widthClass(ax);
    if (w === undefined) throw new GrowError("width growth needs an embedding");
    grown.set(w, same);
  } else if (e.target === "ffn") {
    for (const f of ffnLayers(ax)) grown.set(f.axis, same);
  } else {
    for (const n of g.nodes) {
      if (n.kind !== "attention" || n.attrs.heads !== e.from) continue;
      const dh = n.attrs.headDim;
      grown.set(ax.find(n.id), { from: e.from * dh, to: e.to * dh });
      const kv = kvHeadsAfter(n.attrs, e);
      if (n.attrs.kvHeads !== n.attrs.heads && kv !== n.attrs.kvHeads)
        grown.set(ax.find(n.inputs[1]!), { from: n.attrs.kvHeads * dh, to: kv * dh });
    }
  }
  if (grown.size === 0) throw new GrowError(`the model has no ${e.target} dimension to grow`);
  const classOf = (id: NodeId | undefined): { from: number; to: number } | undefined =>
    id === undefined ? undefined : grown.get(ax.find(id));
  const inG = (id: NodeId | undefined): boolean => classOf(id) !== undefined;
  const size = (v: number, id: NodeId | undefined, what: string): number => {
    const c = classOf(id)!;
    if (v !== c.from)
      throw new GrowError(`${e.target} growth: ${what} has size ${v}, expected ${c.from}`);
    return c.to;
  };
  const rampOf = (id: NodeId): GrowRamp => ({
    old: classOf(id)!.from,
    start: e.step,
    steps: e.maskedOver,
  });
  const b = new GraphBuilder(g.structure);
  const map = new Map<NodeId, NodeId>();
  for (const n of g.nodes) {
    const x = n.inputs[0];
    let attrs: AnyAttrs = n.attrs;
    let producer = false;
    switch (n.kind) {
      case "linear":
        attrs = {
          ...n.attrs,
          in: inG(x) ? size(n.attrs.in, x, n.name) : n.attrs.in,
          out: inG(n.id) ? size(n.attrs.out, n.id, n.name) : n.attrs.out,
        };
        producer = inG(n.id);
        break;
      case "layerNorm":
      case "rmsNorm":
        if (inG(n.id))
          attrs = {
            ...n.attrs,
            d: size(n.attrs.d, n.id, n.name),
            ...(masked ? { grow: [...(n.attrs.grow ?? []), rampOf(n.id)] } : {}),
          };
        break;
      case "positions":
        if (inG(n.id) && !n.attrs.learned)
          throw new GrowError(
            "width growth with sinusoidal positions does not preserve the function",
          );
        if (inG(n.id)) attrs = { ...n.attrs, d: size(n.attrs.d, n.id, n.name) };
        producer = inG(n.id);
        break;
      case "embedding":
        if (inG(n.id)) attrs = { ...n.attrs, d: size(n.attrs.d, n.id, n.name) };
        producer = inG(n.id);
        break;
      case "tiedHead":
      case "moeRoute":
      case "moaMix": // the router's input; the experts' heads keep their sizes
        if (inG(x)) attrs = { ...n.attrs, d: size(n.attrs.d, x, n.name) };
        break;
      case "attention":
        if (e.target === "heads" && inG(n.id)) {
          const kvHeads = kvHeadsAfter(n.attrs, e);
          // ALiBi: the old heads keep their slopes (alibiFrom records the head counts before)
          const alibiFrom =
            n.attrs.alibi === true ? { alibiFrom: [...(n.attrs.alibiFrom ?? []), e.from] } : {};
          attrs = { ...n.attrs, heads: e.to, kvHeads, ...alibiFrom };
          // MQA: the new heads read the old k, v, so their outputs are masked instead
          producer = kvHeads === n.attrs.kvHeads;
        } else if (inG(n.id))
          throw new GrowError(
            `${e.target} growth would change a head size (attention without projections)`,
          );
        break;
      default:
        break;
    }
    const id = addLike(
      b,
      n,
      n.inputs.map((i) => map.get(i) ?? i),
      attrs,
    );
    map.set(n.id, producer && masked ? mask(b, id, n, rampOf(n.id)) : id);
  }
  const width = e.target === "width" ? e.to : g.meta.width;
  return { graph: finish(b, g, map, width), copies: {} };
}

/**
 * kv heads after a heads event: with kv_heads = heads they grow along; MQA (1) stays; grouped
 * queries keep their group size (new query heads get new kv heads, old heads keep their groups).
 */
function kvHeadsAfter(a: { heads: number; kvHeads: number }, e: GrowEventSpec): number {
  if (a.kvHeads === a.heads) return e.to;
  if (a.kvHeads === 1) return 1;
  const kv = (a.kvHeads * e.to) / e.from;
  if (!Number.isInteger(kv))
    throw new GrowError(
      `heads ${e.from} → ${e.to} with kv_heads ${a.kvHeads} cannot keep the group size ${e.from / a.kvHeads}`,
    );
  return kv;
}
