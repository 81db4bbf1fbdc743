// The static report: per top-level block (identical repeats folded) the output shape, parameters,
// active parameters (MoE), FLOPs per token forward and per training step; totals; the training
// memory estimate; and for a grow schedule the totals before and after each event. Plain data (JSON).
import type { ExitSpec } from "../../spec/exits.ts";
import type { Graph, Node } from "../ir/types.ts";
import { formatShape } from "../ir/format-shape.ts";
import { unfuseAddNorm } from "../passes/fuse-add-norm.ts";
import { forwardFlops, trainFlops } from "./flops.ts";
import { foldRows, parts } from "./groups.ts";
import { memoryEstimate, type MemoryEstimate } from "./memory.ts";
import { computeShares, ownedParams, tokenShares } from "./moe.ts";
import { pmodLayers, pmodShares, type PmodLayerRow } from "./pmod.ts";

/** Parameters and FLOPs of one part, or of several parts summed. */
export interface Figures {
  readonly params: number;
  /** Parameters a token uses: MoE layers count only the experts it is routed to, plus the router. */
  readonly activeParams: number;
  /** FLOPs per token, forward, at the report's context length. */
  readonly forwardFlops: number;
  /** FLOPs per token of one training step (forward + backward). */
  readonly trainFlops: number;
}

export interface ReportRow extends Figures {
  /** `embed`, `blocks.0–11`, `norm`, `head`. */
  readonly name: string;
  readonly block: string;
  readonly count: number;
  /** `[B, T, 768]` */
  readonly outputShape: string;
  /** The figures of one instance (equal for every instance of a folded row). */
  readonly each: Figures;
  readonly tied?: boolean;
}

export interface Report {
  readonly model: string;
  readonly source: string;
  /** The context length T used for attention FLOPs and activations. */
  readonly context: number;
  readonly rows: readonly ReportRow[];
  readonly totals: Figures;
  /** Present when the file has a train section: batch, FLOPs per step and memory. */
  readonly training?: {
    readonly batch: number;
    /** trainFlops · batch · context */
    readonly flopsPerStep: number;
    readonly memory: MemoryEstimate;
  };
  readonly grow?: readonly GrowFigures[];
  /** Present when the model has hash-routed MoE layers: how their token-id → expert tables are built. */
  readonly hashRouting?: HashRouting;
  /** The model's early exits (`repeat … with layerskip | exits`). */
  readonly exits?: ExitSpec;
  /** Present when the model has a `with pmod` repeat: each of its layers (report/pmod.ts). */
  readonly pmod?: readonly PmodLayerRow[];
}

/**
 * How a run builds the hash layers' tables (runtime/ops/hash-tables.ts): from the training data's
 * token frequencies when the train section names a text corpus, else balanced over the ids.
 */
export interface HashRouting {
  readonly layers: number;
  readonly table: "frequency" | "ids";
  /** Why: the corpus the frequencies come from, or why no data is known. */
  readonly basis: string;
}

/** A growth event: totals of the model before and after it. */
export interface GrowFigures {
  readonly step: number;
  readonly event: string;
  readonly before: Figures & { readonly memory?: MemoryEstimate };
  readonly after: Figures & { readonly memory?: MemoryEstimate };
}

/** The graph after one growth event, as lowering provides it. */
export interface GrowStage {
  readonly step: number;
  readonly event: string;
  readonly graph: Graph;
}

export interface ReportOptions {
  /** Batch size of the train section (memory and FLOPs per step are omitted without it). */
  readonly batch?: number;
  /** Context length; defaults to the graph's `meta.context`. */
  readonly context?: number;
  readonly grow?: readonly GrowStage[];
}

const ZERO: Figures = { params: 0, activeParams: 0, forwardFlops: 0, trainFlops: 0 };

function add(a: Figures, b: Figures): Figures {
  return {
    params: a.params + b.params,
    activeParams: a.activeParams + b.activeParams,
    forwardFlops: a.forwardFlops + b.forwardFlops,
    trainFlops: a.trainFlops + b.trainFlops,
  };
}

/** Per-node figures for a graph: params counted once per name, MoE shares applied. */
export function nodeFigures(g: Graph, context: number): (n: Node) => Figures {
  const owned = ownedParams(g);
  const shares = tokenShares(g);
  const computed = computeShares(g); // = shares unless the graph is optimized (MoE strategy)
  const kept = pmodShares(g, context); // p-MoD: routed layers run on their kept tokens
  return (n) => {
    const share = shares.get(n.id) ?? 1;
    const run = (computed.get(n.id) ?? 1) * (kept.get(n.id) ?? 1);
    const params = owned.get(n.id) ?? 0;
    return {
      params,
      activeParams: params * share,
      forwardFlops: forwardFlops(n, context) * run,
      trainFlops: trainFlops(n, context) * run,
    };
  };
}

/** Totals of a whole graph. */
export function graphFigures(g: Graph, context: number = g.meta.context): Figures {
  const figures = nodeFigures(g, context);
  return g.nodes.reduce((acc, n) => add(acc, figures(n)), ZERO);
}

export function buildReport(optimized: Graph, opts: ReportOptions = {}): Report {
  const g = unfuseAddNorm(optimized); // an addNorm counts as its add and norm (same FLOPs, sections)
  const context = opts.context ?? g.meta.context;
  const figures = nodeFigures(g, context);
  const counted = (n: Node): number => figures(n).params;
  const rows: ReportRow[] = [];
  for (const row of foldRows(parts(g), counted)) {
    if (row.block === "token ids") continue;
    const first = row.parts[0];
    if (first === undefined) continue;
    const each = first.nodes.reduce((acc, n) => add(acc, figures(n)), ZERO);
    const total = row.parts.flatMap((p) => p.nodes).reduce((acc, n) => add(acc, figures(n)), ZERO);
    const last = first.nodes[first.nodes.length - 1];
    const isDwa = first.key === "dwa";
    rows.push({
      name: row.name,
      block: row.block,
      count: isDwa ? first.nodes.filter((n) => n.kind === "dwa").length : row.parts.length,
      outputShape: last === undefined ? "" : formatShape(last.shape),
      ...total,
      each: isDwa ? total : each,
      ...(first.nodes.some((n) => n.kind === "tiedHead") ? { tied: true } : {}),
    });
  }
  const totals = rows.reduce<Figures>((acc, r) => add(acc, r), ZERO);
  const withMemory = (graph: Graph): Figures & { memory?: MemoryEstimate } => {
    const f = graphFigures(graph, context);
    return opts.batch === undefined
      ? f
      : { ...f, memory: memoryEstimate(graph, f.params, opts.batch, context) };
  };
  const grow: GrowFigures[] = [];
  let before = g;
  for (const stage of opts.grow ?? []) {
    grow.push({
      step: stage.step,
      event: stage.event,
      before: withMemory(before),
      after: withMemory(stage.graph),
    });
    before = stage.graph;
  }
  return {
    model: g.name,
    source: g.source,
    context,
    rows,
    totals,
    ...(opts.batch === undefined
      ? {}
      : {
          training: {
            batch: opts.batch,
            flopsPerStep: totals.trainFlops * opts.batch * context,
            memory: memoryEstimate(g, totals.params, opts.batch, context),
          },
        }),
    ...(grow.length > 0 ? { grow } : {}),
    ...(g.meta.exits !== undefined ? { exits: g.meta.exits } : {}),
    ...pmodPart(g, context, figures),
  };
}

/** The `pmod` part of the report: per layer of a `with pmod` repeat, its FLOPs as run and dense. */
function pmodPart(
  g: Graph,
  context: number,
  figures: (n: Node) => Figures,
): { pmod?: readonly PmodLayerRow[] } {
  const rows = pmodLayers(
    g,
    context,
    (n) => figures(n).forwardFlops,
    (n) => forwardFlops(n, context),
  );
  return rows.length > 0 ? { pmod: rows } : {};
}
