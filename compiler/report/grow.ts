// The model after each growth event, rebuilt as an IR graph so the report can show figures before
// and after: ffn/width/heads events resize op attributes (shapes and params re-derived by
// GraphBuilder); depth by stacking appends copies of the blocks (θ_{L+i} ← θ_i, constructs.md §9.2).
import { GraphBuilder } from "../ir/build.ts";
import type { Graph, Node, NodeId, OpAttrs } from "../ir/types.ts";
import type { GrowEventSpec } from "../lower/grow-spec.ts";
import { applyEvent } from "../lower/grow-stages.ts";
import { parts } from "./groups.ts";
import type { GrowStage } from "./report.ts";

type AnyAttrs = OpAttrs[keyof OpAttrs];

function prefixOf(n: Node): string | undefined {
  const p = n.params[0];
  return p === undefined ? undefined : p.name.slice(0, p.name.lastIndexOf("."));
}

function addLike(
  b: GraphBuilder,
  n: Node,
  inputs: readonly NodeId[],
  attrs: AnyAttrs,
  prefix = prefixOf(n),
): NodeId {
  const tie = n.params.some((q) => q.tiedTo !== undefined);
  return b.add({
    kind: n.kind,
    inputs,
    attrs,
    name: n.name,
    origin: n.origin,
    ...(prefix === undefined ? {} : { paramPrefix: prefix }),
    tie,
  } as Parameters<GraphBuilder["add"]>[0]);
}

/** New attributes of one node for a width, ffn or heads event (the same object when unchanged). */
function resize(n: Node, e: GrowEventSpec, width: number): AnyAttrs {
  const w = (v: number): number => (v === e.from ? e.to : v);
  switch (e.target) {
    case "width":
      switch (n.kind) {
        case "linear":
          return { ...n.attrs, in: w(n.attrs.in), out: w(n.attrs.out) };
        case "layerNorm":
        case "rmsNorm":
        case "embedding":
        case "positions":
        case "moeRoute":
        case "tiedHead":
          return { ...n.attrs, d: w(n.attrs.d) };
        case "attention":
          return { ...n.attrs, headDim: (n.attrs.headDim * e.to) / e.from };
        default:
          return n.attrs;
      }
    case "ffn":
      if (n.kind !== "linear") return n.attrs;
      if (n.attrs.in === width && n.attrs.out === e.from) return { ...n.attrs, out: e.to };
      if (n.attrs.out === width && n.attrs.in === e.from) return { ...n.attrs, in: e.to };
      return n.attrs;
    case "heads": {
      if (n.kind !== "attention" || n.attrs.heads !== e.from) return n.attrs;
      const kvHeads = n.attrs.kvHeads === n.attrs.heads ? e.to : n.attrs.kvHeads;
      return { ...n.attrs, heads: e.to, kvHeads, headDim: (n.attrs.headDim * e.from) / e.to };
    }
    case "depth":
      return n.attrs;
  }
}

/** The stream input of a block part: its latest input from outside the part (token ids excluded). */
function entryOf(nodes: readonly Node[], byId: ReadonlyMap<NodeId, Node>): NodeId | undefined {
  const ids = new Set(nodes.map((n) => n.id));
  const ext = nodes.flatMap((n) =>
    n.inputs.filter((i) => !ids.has(i) && byId.get(i)?.kind !== "input"),
  );
  return ext.length > 0 ? Math.max(...ext) : undefined;
}

/** The graph after one event. Throws (ICE) when the resized graph is inconsistent. */
export function growGraph(g: Graph, e: GrowEventSpec): Graph {
  const b = new GraphBuilder();
  const map = new Map<NodeId, NodeId>();
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const blocks = parts(g).filter((p) => /\bblocks\.\d+$/.test(p.key));
  const lastBlock = blocks[blocks.length - 1]?.nodes;
  const stackAfter = e.target === "depth" ? lastBlock?.[lastBlock.length - 1]?.id : undefined;
  const copies = e.target === "depth" ? e.to - e.from : 0;
  for (const n of g.nodes) {
    map.set(
      n.id,
      addLike(
        b,
        n,
        n.inputs.map((i) => map.get(i) ?? i),
        resize(n, e, g.meta.width),
      ),
    );
    if (n.id !== stackAfter) continue;
    let stream = map.get(n.id) ?? n.id;
    for (let c = 0; c < copies; c++) {
      const src = blocks[c % blocks.length];
      if (src === undefined) break;
      const entry = entryOf(src.nodes, byId);
      const local = new Map<NodeId, NodeId>();
      const rename = (p: string | undefined): string | undefined =>
        p?.replace(src.key, src.key.replace(/\d+$/, String(blocks.length + c)));
      for (const m of src.nodes) {
        const inputs = m.inputs.map(
          (i) => local.get(i) ?? (i === entry ? stream : (map.get(i) ?? i)),
        );
        local.set(m.id, addLike(b, m, inputs, m.attrs, rename(prefixOf(m))));
      }
      stream = local.get(src.nodes[src.nodes.length - 1]?.id ?? -1) ?? stream;
    }
    map.set(n.id, stream);
  }
  const width = e.target === "width" && g.meta.width === e.from ? e.to : g.meta.width;
  return b.finish({
    name: g.name,
    source: g.source,
    inputs: g.inputs.map((i) => map.get(i) ?? i),
    outputs: g.outputs.map((i) => map.get(i) ?? i),
    meta: { ...g.meta, width },
  });
}

/** `ffn 256 → 512`, `depth 2 → 4 by stacking` */
export function describeEvent(e: GrowEventSpec): string {
  return `${e.target} ${e.from} → ${e.to}${e.method === "stacking" ? " by stacking" : ""}${e.maskedOver > 0 ? `, masked over ${e.maskedOver} steps` : ""}`;
}

/**
 * The graphs after each event, in step order (stops at an event the rebuild cannot follow): the
 * models training runs switch to (compiler/lower/grow-stages.ts, without masks; heads keep their
 * size, width growth keeps the attention width), so the figures match the run's grow records.
 */
export function growStages(g: Graph, events: readonly GrowEventSpec[]): GrowStage[] {
  const stages: GrowStage[] = [];
  let cur = g;
  for (const e of [...events].sort((a, b) => a.step - b.step)) {
    try {
      cur = applyEvent(cur, e, false).graph;
    } catch {
      break;
    }
    stages.push({ step: e.step, event: describeEvent(e), graph: cur });
  }
  return stages;
}
