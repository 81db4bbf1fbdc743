// Splits a lowered graph into its top-level parts (embed, blocks.0 … blocks.N−1, dwa, norm, head)
// and folds runs of identical block instances into one row. Shared by the report and the picture.
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

/** users(id) for every node. */
export function usersOf(g: Graph): ReadonlyMap<NodeId, readonly Node[]> {
  const users = new Map<NodeId, Node[]>();
  for (const n of g.nodes) for (const i of n.inputs) users.set(i, [...(users.get(i) ?? []), n]);
  return users;
}

function directKey(n: Node, g: Graph, users: ReadonlyMap<NodeId, readonly Node[]>): string | undefined {
  const first = n.origin.path[0];
  if (first !== undefined) return first.instance;
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
      const us = users.get(n.id) ?? [];
      const toHead = us.length > 0 && us.every((u) => u.kind === "tiedHead" || g.outputs.includes(u.id));
      return toHead ? "norm" : undefined;
    }
    default:
      return undefined;
  }
}

/** Top-level key of every node; model-level nodes outside any block join a neighbouring part. */
export function partKeys(g: Graph): ReadonlyMap<NodeId, string> {
  const users = usersOf(g);
  const keys = new Map<NodeId, string>();
  for (const n of g.nodes) {
    const k = directKey(n, g, users);
    if (k !== undefined) keys.set(n.id, k);
  }
  // A model-level node with weights (a residual's norm) belongs to the sublayer it feeds.
  for (let i = g.nodes.length - 1; i >= 0; i--) {
    const n = g.nodes[i];
    if (n === undefined || keys.has(n.id) || n.params.length === 0) continue;
    const user = (users.get(n.id) ?? []).find((u) => keys.has(u.id));
    if (user !== undefined) keys.set(n.id, keys.get(user.id) ?? "");
  }
  // Anything else (the ⊕ closing a residual) belongs to the part of its latest input.
  for (const n of g.nodes) {
    if (keys.has(n.id)) continue;
    const latest = Math.max(...n.inputs);
    keys.set(n.id, keys.get(latest) ?? "input");
  }
  return keys;
}

/** The parts in order of appearance; the DWA sites form one part placed after the last site. */
export function parts(g: Graph): Part[] {
  const keys = partKeys(g);
  const byKey = new Map<string, { nodes: Node[]; block: string; order: number }>();
  g.nodes.forEach((n, index) => {
    const key = keys.get(n.id) ?? "input";
    let entry = byKey.get(key);
    if (entry === undefined) {
      const block = n.origin.path[0]?.block ?? SECTION_BLOCK[key] ?? key;
      entry = { nodes: [], block, order: index };
      byKey.set(key, entry);
    }
    entry.nodes.push(n);
    if (key === "dwa") entry.order = index;
  });
  return [...byKey.entries()]
    .sort((a, b) => a[1].order - b[1].order)
    .map(([key, e]) => ({ key, block: e.block, nodes: e.nodes }));
}

/** A structural fingerprint: equal for two instances of the same block with the same arguments. */
export function signature(p: Part, counted: (n: Node) => number): string {
  const local = new Map<NodeId, number>();
  p.nodes.forEach((n, i) => local.set(n.id, i));
  return p.nodes
    .map((n) => {
      const ins = n.inputs.map((i) => local.get(i) ?? "ext").join(",");
      const params = n.params.map((q) => q.shape.join("x")).join(";");
      return `${n.kind}(${ins})${JSON.stringify(n.attrs)}:${JSON.stringify(n.shape)}:${params}:${counted(n)}`;
    })
    .join("|");
}

/** `blocks.0`, `blocks.1`, `blocks.2` → `blocks.0–2`; otherwise the keys joined. */
export function rangeName(keys: readonly string[]): string {
  const first = keys[0] ?? "";
  if (keys.length === 1) return first;
  const m = /^(.*?)(\d+)$/.exec(first);
  const last = keys[keys.length - 1] ?? "";
  const mLast = /^(.*?)(\d+)$/.exec(last);
  if (m !== null && mLast !== null && m[1] === mLast[1]) return `${m[1]}${m[2]}–${mLast[2]}`;
  return keys.join(", ");
}

/** Folds consecutive parts with equal signatures (and equal counted params) into rows. */
export function foldRows(ps: readonly Part[], counted: (n: Node) => number): Row[] {
  const rows: { block: string; parts: Part[]; sig: string }[] = [];
  for (const p of ps) {
    const sig = signature(p, counted);
    const last = rows[rows.length - 1];
    if (last !== undefined && last.sig === sig && p.key !== "dwa") last.parts.push(p);
    else rows.push({ block: p.block, parts: [p], sig });
  }
  return rows.map((r) => ({ name: rangeName(r.parts.map((p) => p.key)), block: r.block, parts: r.parts }));
}
