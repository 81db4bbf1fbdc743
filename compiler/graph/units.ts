// The boxes of the picture: a run of IR nodes collapsed into one labelled unit (a sublayer block
// instance or an MoE layer, as the structure's scopes say, or a single op such as a norm), with a
// short description and its params.
import { paramSize } from "../ir/param-count.ts";
import type { ScopeId, StructureScope } from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { moeLayers, type MoeLayer } from "../report/moe.ts";
import { scopeIndex, type ScopeIndex } from "../report/scopes.ts";
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
  /** Is, or is part of a block that holds, an attention op (drawn in the attention colours). */
  readonly attention?: true;
  readonly moe?: MoeInfo;
}

/** 1536 → "1,536"; 2362368 → "2.36 M"; 38597376 → "38.6 M". */
export function formatParams(n: number): string {
  if (n < 10_000) return n.toLocaleString("en-US");
  const [v, s] = n >= 1e9 ? [n / 1e9, "G"] : n >= 1e6 ? [n / 1e6, "M"] : [n / 1e3, "k"];
  return `${v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2)} ${s}`;
}

const p = (n: number): string => (n === 0 ? "" : ` · ${formatParams(n)} params`);

/** "12 heads × 64", "2 attention experts × 4 heads × 24 · …" or "768→3072→768 · gelu" from the nodes of a sublayer. */
export function describe(nodes: readonly Node[]): string {
  const att = nodes.find((n) => n.kind === "attention");
  const moa = nodes.find((n) => n.kind === "moaMix");
  if (moa?.kind === "moaMix" && att?.kind === "attention") {
    // BAM's mixture of attention: E experts of H heads in one attention of E·H heads
    const { experts, heads, headDim, layout } = moa.attrs;
    const kv = layout === "head" ? `shared K/V (${att.attrs.kvHeads} kv)` : "own K/V";
    return `${experts} attention experts × ${heads} heads × ${headDim} · ${kv} · soft router`;
  }
  if (att?.kind === "attention") {
    const { heads, kvHeads, headDim, rope, alibi, memory } = att.attrs;
    const extras = [
      ...(rope !== undefined ? [`RoPE ${rope}`] : []),
      ...(alibi === true
        ? [
            att.attrs.alibiFrom === undefined
              ? "ALiBi"
              : `ALiBi grown from ${att.attrs.alibiFrom.join(", ")} heads`,
          ]
        : []),
      ...((memory ?? 0) > 0 ? [`${memory} memory`] : []),
    ];
    const kv = kvHeads !== heads ? `, ${kvHeads} kv` : "";
    return [`${heads} heads × ${headDim}${kv}`, ...extras].join(" · ");
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
  /** The structure with its nodes. */
  readonly ix: ScopeIndex;
  readonly moes: readonly MoeLayer[];
  /** Names of parameters used by more than one node (`share`). */
  readonly sharedNames: ReadonlySet<string>;
}

export function unitContext(g: Graph): UnitContext {
  const sharedNames = new Set(
    g.nodes.flatMap((n) => n.params.flatMap((q) => (q.tiedTo === undefined ? [] : [q.name]))),
  );
  return {
    byId: new Map(g.nodes.map((n) => [n.id, n])),
    ix: scopeIndex(g),
    moes: moeLayers(g),
    sharedNames,
  };
}

const isShared = (nodes: readonly Node[], ctx: UnitContext): boolean =>
  nodes.some((n) => n.params.some((q) => ctx.sharedNames.has(q.name)));

const attends = (nodes: readonly Node[]): { attention?: true } =>
  nodes.some((n) => n.kind === "attention") ? { attention: true } : {};

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
  const expertScope = ctx.ix
    .children(layer.scope)
    .find((c) => c.kind === "expert" && !c.shared && c.index === 0);
  const expertBlock =
    (expertScope === undefined ? undefined : ctx.ix.find(expertScope.id, "block")?.block) ?? "FFN";
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

/** The unit scope of `n` below `container`: the outermost moe holding it, else the outermost block. */
function unitScope(n: Node, container: ScopeId, ctx: UnitContext): StructureScope | undefined {
  const outward = [...ctx.ix.between(n.origin.scope, container)].reverse();
  return outward.find((s) => s.kind === "moe") ?? outward.find((s) => s.kind === "block");
}

/**
 * Collapses nodes (graph order) inside scope `container` into units: consecutive nodes of one
 * block instance below it form a unit, a moe scope forms one MoE unit, and any other node (or one
 * in `alone`, a construct's own node inside a block: Sub-LN's norm) is a unit of its own.
 */
export function collapse(
  nodes: readonly Node[],
  container: ScopeId,
  ctx: UnitContext,
  alone: ReadonlySet<NodeId> = new Set(),
): Unit[] {
  const moeOf = new Map(ctx.moes.map((m) => [m.scope, m]));
  const keyOf = (n: Node): string => {
    const s = alone.has(n.id) ? undefined : unitScope(n, container, ctx);
    return s === undefined ? `node:${n.id}` : `scope:${s.id}`;
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
    const s = alone.has(first.id) ? undefined : unitScope(first, container, ctx);
    const m = s === undefined ? undefined : moeOf.get(s.id);
    if (m !== undefined) return moeUnit(m, run, ctx);
    const params = usedParams(run);
    if (s?.kind === "block") {
      const desc = describe(run);
      const again = seen.has(s.instance);
      seen.add(s.instance);
      const label = again ? `${s.block} · ${run.map((n) => n.name).join(", ")}` : s.block;
      return {
        kind: "layer",
        label,
        detail: `${desc}${desc === "" ? formatParams(params) + " params" : p(params)}`,
        params,
        nodes: run.map((n) => n.id),
        shared: isShared(run, ctx),
        ...attends(ctx.ix.subtree(s.id)),
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
      ...attends(run),
    };
  });
}
