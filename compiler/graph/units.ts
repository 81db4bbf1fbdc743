// The boxes of the picture: a run of IR nodes collapsed into one labelled unit (a sublayer block
// instance, an MoE layer, or a single op such as a norm), with a short description and its params.
import { paramSize } from "../ir/param-count.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { moeLayers, type MoeLayer } from "../report/moe.ts";
import { opLabel, type UnitKind } from "./op-labels.ts";

export type { UnitKind };

/** MoE details for a router box fanning out to expert boxes. */
export interface MoeInfo {
  readonly experts: number;
  readonly router: string;
  /** `top-2`, `top-1`, `capacity 2`, `hash(token)`. */
  readonly choice: string;
  readonly expert: string;
  readonly expertDetail: string;
  readonly activeParams: number;
  /** Always-on shared experts. */
  readonly shared: number;
}

export interface Unit {
  readonly kind: UnitKind;
  readonly label: string;
  /** Second line: sizes and parameters. */
  readonly detail: string;
  readonly params: number;
  readonly nodes: readonly NodeId[];
  /** Uses weights owned elsewhere (`share`). */
  readonly shared: boolean;
  readonly moe?: MoeInfo;
}

/** 1536 → "1,536"; 2362368 → "2.36 M"; 38597376 → "38.6 M". */
export function formatParams(n: number): string {
  if (n < 10_000) return n.toLocaleString("en-US");
  const [v, s] = n >= 1e9 ? [n / 1e9, "G"] : n >= 1e6 ? [n / 1e6, "M"] : [n / 1e3, "k"];
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${s}`;
}

const p = (n: number): string => (n === 0 ? "" : ` · ${formatParams(n)} params`);

/** "12 heads × 64" or "768→3072→768 · gelu" from the nodes of a sublayer. */
export function describe(nodes: readonly Node[]): string {
  const att = nodes.find((n) => n.kind === "attention");
  if (att?.kind === "attention") {
    const { heads, kvHeads, headDim } = att.attrs;
    return `${heads} heads × ${headDim}${kvHeads !== heads ? `, ${kvHeads} kv` : ""}`;
  }
  const lins = nodes.flatMap((n) => (n.kind === "linear" ? [n.attrs] : []));
  const first = lins[0];
  const last = lins[lins.length - 1];
  const parts: string[] = [];
  if (first !== undefined && last !== undefined) {
    parts.push(
      lins.length === 1 ? `${first.in}→${first.out}` : `${first.in}→${first.out}→${last.out}`,
    );
  }
  const acts = [...new Set(nodes.flatMap((n) => (n.kind === "activation" ? [n.attrs.fn] : [])))];
  if (nodes.some((n) => n.kind === "mul")) parts.push(`gated ${acts.join("/")}`.trimEnd());
  else parts.push(...acts);
  const drop = nodes.find((n) => n.kind === "dropout" && n.attrs.p > 0);
  if (drop?.kind === "dropout") parts.push(`dropout ${drop.attrs.p}`);
  return parts.join(" · ");
}

/** What collapsing needs to know about the whole graph. */
export interface UnitContext {
  readonly byId: ReadonlyMap<NodeId, Node>;
  readonly moes: readonly MoeLayer[];
  /** Names of parameters used by more than one node (`share`). */
  readonly sharedNames: ReadonlySet<string>;
  /** Nodes inside an MoE layer (drawn as one unit, never split into lanes). */
  readonly inMoe: ReadonlySet<NodeId>;
}

export function unitContext(g: Graph): UnitContext {
  const sharedNames = new Set(
    g.nodes.flatMap((n) => n.params.flatMap((q) => (q.tiedTo === undefined ? [] : [q.name]))),
  );
  const moes = moeLayers(g);
  const inMoe = new Set(
    moes.flatMap((m) => [
      m.route.id,
      m.combine.id,
      ...m.experts.flat(),
      ...m.shared.flat(),
      ...m.joins,
    ]),
  );
  return { byId: new Map(g.nodes.map((n) => [n.id, n])), moes, sharedNames, inMoe };
}

const isShared = (nodes: readonly Node[], ctx: UnitContext): boolean =>
  nodes.some((n) => n.params.some((q) => ctx.sharedNames.has(q.name)));

/** Parameters a unit uses, shared ones included (so every use of a shared layer reads the same). */
const usedParams = (nodes: readonly Node[]): number =>
  nodes.reduce((a, n) => a + n.params.reduce((b, q) => b + paramSize(q), 0), 0);

function moeUnit(layer: MoeLayer, nodes: readonly Node[], ctx: UnitContext): Unit {
  const a = layer.route.attrs;
  const choice =
    a.router === "hash"
      ? "hash(token)"
      : a.router === "expert_choice"
        ? `capacity ${a.capacity}`
        : `top-${a.router === "switch" ? 1 : a.topK}`;
  const e0 = (layer.experts[0] ?? []).flatMap((id) => ctx.byId.get(id) ?? []);
  const e0Params = usedParams(e0);
  const params = usedParams(nodes);
  const activeParams = params - (layer.experts.length - layer.active) * e0Params;
  const expertBlock = e0.find((n) => n.origin.path.length > 0)?.origin.path.at(-1)?.block ?? "FFN";
  return {
    kind: "moe",
    label: `MoE · ${a.experts} experts · ${choice}${layer.shared.length > 0 ? ` + ${layer.shared.length} shared` : ""}`,
    detail: `${formatParams(params)} params, ${formatParams(activeParams)} active`,
    params,
    nodes: nodes.map((n) => n.id),
    shared: isShared(nodes, ctx),
    moe: {
      experts: a.experts,
      router: a.router,
      choice,
      expert: expertBlock,
      expertDetail: describe(e0),
      activeParams,
      shared: layer.shared.length,
    },
  };
}

/**
 * Collapses nodes (topological order) into units: consecutive nodes of one child block instance at
 * `depth + 1` form a unit, an MoE layer forms one unit, and any other node is a unit of its own.
 */
export function collapse(nodes: readonly Node[], depth: number, ctx: UnitContext): Unit[] {
  const moeOf = new Map<NodeId, MoeLayer>();
  for (const m of ctx.moes) {
    for (const id of [
      m.route.id,
      m.combine.id,
      ...m.experts.flat(),
      ...m.shared.flat(),
      ...m.joins,
    ])
      moeOf.set(id, m);
  }
  const keyOf = (n: Node): string => {
    const m = moeOf.get(n.id);
    if (m !== undefined) return `moe:${m.combine.id}`;
    const inst = n.origin.path[depth + 1];
    return inst === undefined ? `node:${n.id}` : `inst:${inst.instance}`;
  };
  const runs: Node[][] = [];
  let lastKey = "";
  for (const n of nodes) {
    const key = keyOf(n);
    if (key === lastKey && runs.length > 0) runs[runs.length - 1]?.push(n);
    else runs.push([n]);
    lastKey = key;
  }
  const seen = new Set<string>();
  return runs.map((run): Unit => {
    const first = run[0] as Node;
    const m = moeOf.get(first.id);
    if (m !== undefined) return moeUnit(m, run, ctx);
    const params = usedParams(run);
    const inst = first.origin.path[depth + 1];
    if (inst !== undefined) {
      const desc = describe(run);
      const again = seen.has(inst.instance);
      seen.add(inst.instance);
      const label = again ? `${inst.block} · ${run.map((n) => n.name).join(", ")}` : inst.block;
      return {
        kind: "layer",
        label,
        detail: `${desc}${desc === "" ? formatParams(params) + " params" : p(params)}`,
        params,
        nodes: run.map((n) => n.id),
        shared: isShared(run, ctx),
      };
    }
    const o = opLabel(first);
    return {
      kind: o.kind,
      label: o.label,
      detail: `${o.detail}${p(params)}`.replace(/^ · /, ""),
      params,
      nodes: [first.id],
      shared: isShared(run, ctx),
    };
  });
}
