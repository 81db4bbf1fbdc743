// Splits a lowered graph into its top-level parts (embed, blocks.0 … blocks.N−1, dwa, norm, head)
// and folds runs of identical block instances into one row. Shared by the report and the picture.
import { GRAPH_OUTPUT, readers } from "../ir/readers.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";

/** One top-level block instance (or model-level part), its nodes in topological order. */
export interface Part {
  /** `blocks.3`, or a model-level part: `input`, `embed`, `dwa`, `norm`, `head`. */
  readonly key: string;
  /** The block's name (`PreLNBlock`) or a description of a model-level part. */
  readonly block: string;
  readonly nodes: readonly Node[];
}

/** A run of `count` identical consecutive parts (count 1 for a part that is not repeated). */
export interface Row {
  readonly name: string;
  readonly block: string;
  readonly parts: readonly Part[];
}

const SECTION_BLOCK: Readonly<Record<string, string>> = {
  input: "token ids",
  embed: "embedding",
  dwa: "depth-weighted average",
  norm: "final norm",
  head: "LM head",
};

const BLOCK_KEY = /^(.*?\bblocks\.\d+)(?:\.|$)/;

/** The instance or parameter name a node carries (`blocks.3.causal_self_attention`, `ln_f.scale`). */
function nameOf(n: Node): string | undefined {
  return n.origin.path[0]?.instance ?? n.params[0]?.name;
}

/** Top-level key of a name: its `…blocks.<n>` prefix, else its first segment. */
function topKey(name: string): string {
  return BLOCK_KEY.exec(name)?.[1] ?? name.split(".")[0] ?? name;
}

function sectionKey(
  n: Node,
  g: Graph,
  users: ReadonlyMap<NodeId, readonly NodeId[]>,
): string | undefined {
  switch (n.kind) {
    case "input":
      return "input";
    case "embedding":
    case "positions":
      return "embed";
    case "dwa":
      return "dwa";
    case "tiedHead":
      return "head";
    case "linear":
      return g.outputs.includes(n.id) ? "head" : undefined;
    case "layerNorm":
    case "rmsNorm": {
      const us = (users.get(n.id) ?? []).filter((u) => u !== GRAPH_OUTPUT);
      const toHead =
        us.length > 0 && us.every((u) => g.nodes[u]?.kind === "tiedHead" || g.outputs.includes(u));
      return toHead && !BLOCK_KEY.test(nameOf(n) ?? "") ? "norm" : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Top-level key of every node: the model sections (input, embed, dwa, norm, head), else the
 * `blocks.<n>` instance its name lies under, else the first segment of its name (a model-level
 * sublayer). Nodes without a name, and uses of a `share`d layer, join the part of their latest input.
 */
export function partKeys(g: Graph): ReadonlyMap<NodeId, string> {
  const users = readers(g);
  const sharedTops = new Set(
    g.nodes.flatMap((n) =>
      n.params.flatMap((q) => (q.tiedTo === undefined ? [] : [topKey(q.name)])),
    ),
  );
  const keys = new Map<NodeId, string>();
  for (const n of g.nodes) {
    const section = sectionKey(n, g, users);
    const name = nameOf(n);
    const key = section ?? (name === undefined ? undefined : topKey(name));
    if (key !== undefined && (section !== undefined || !sharedTops.has(key))) {
      keys.set(n.id, key);
    } else {
      const latest = Math.max(-1, ...n.inputs);
      keys.set(n.id, keys.get(latest) ?? "input");
    }
  }
  return keys;
}

/** The block a part instantiates: the path entry named like the part, else a description. */
function blockOf(key: string, nodes: readonly Node[]): string {
  for (const n of nodes) for (const e of n.origin.path) if (e.instance === key) return e.block;
  return (
    SECTION_BLOCK[key] ??
    (BLOCK_KEY.test(key)
      ? "layer"
      : (nodes.find((n) => n.origin.path[0] !== undefined)?.origin.path[0]?.block ?? key))
  );
}

/** The parts in order of appearance; the DWA sites form one part placed after the last site. */
export function parts(g: Graph): Part[] {
  const keys = partKeys(g);
  const byKey = new Map<string, { nodes: Node[]; order: number }>();
  g.nodes.forEach((n, index) => {
    const key = keys.get(n.id) ?? "input";
    let entry = byKey.get(key);
    if (entry === undefined) {
      entry = { nodes: [], order: index };
      byKey.set(key, entry);
    }
    entry.nodes.push(n);
    if (key === "dwa") entry.order = index;
  });
  return [...byKey.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([key, e]) => ({ key, block: blockOf(key, e.nodes), nodes: e.nodes }));
}

/** A structural fingerprint: equal for two instances of the same block with the same arguments. */
export function signature(p: Part, counted: (n: Node) => number): string {
  const local = new Map<NodeId, number>();
  p.nodes.forEach((n, i) => local.set(n.id, i));
  return p.nodes
    .map((n) => {
      const ins = n.inputs.map((i) => local.get(i) ?? "ext").join(",");
      const params = n.params.map((q) => q.shape.join("x")).join(";");
      // a residual scale factor (LayerNorm Scaling's 1/√(i+1)) or a hash seed changes neither params nor FLOPs
      const attrs =
        n.kind === "scale"
          ? ""
          : JSON.stringify(n.attrs, (k, v: unknown) => (k === "hashSeed" ? undefined : v));
      return `${n.kind}(${ins})${attrs}:${JSON.stringify(n.shape)}:${params}:${counted(n)}`;
    })
    .join("|");
}

/** `blocks.0`, `blocks.1`, `blocks.2` → `blocks.0–2`; `blocks.1`, `blocks.3` → `blocks.1, 3`. */
export function rangeName(keys: readonly string[]): string {
  const parsed = keys.map((k) => /^(.*?)(\d+)$/.exec(k));
  const prefix = parsed[0]?.[1];
  if (
    keys.length === 1 ||
    prefix === undefined ||
    !parsed.every((m) => m !== null && m[1] === prefix)
  )
    return keys.join(", ");
  const nums = parsed.map((m) => Number(m?.[2]));
  const runs: string[] = [];
  for (let i = 0; i < nums.length;) {
    let j = i;
    while (j + 1 < nums.length && nums[j + 1] === (nums[j] ?? 0) + 1) j++;
    runs.push(j === i ? String(nums[i]) : `${nums[i]}–${nums[j]}`);
    i = j + 1;
  }
  return `${prefix}${runs.join(", ")}`;
}

/**
 * Folds parts with equal signatures (and equal counted params) into rows, wherever they occur
 * (alternating dense and MoE layers give two rows); rows keep the order of their first part.
 */
export function foldRows(ps: readonly Part[], counted: (n: Node) => number): Row[] {
  const rows: { block: string; parts: Part[]; sig: string }[] = [];
  const bySig = new Map<string, { block: string; parts: Part[]; sig: string }>();
  for (const p of ps) {
    const sig = `${p.block}|${signature(p, counted)}`;
    const row = p.key === "dwa" ? undefined : bySig.get(sig);
    if (row !== undefined) {
      row.parts.push(p);
      continue;
    }
    const fresh = { block: p.block, parts: [p], sig };
    rows.push(fresh);
    bySig.set(sig, fresh);
  }
  return rows.map((r) => ({
    name: rangeName(r.parts.map((p) => p.key)),
    block: r.block,
    parts: r.parts,
  }));
}
