// Splits a lowered graph into its top-level parts (embed, blocks.0 … blocks.N−1, dwa, norm, head,
// the early exits `exits.<ℓ>`),
// read from its structure (the model's scopes: repeat iterations, block instances), and folds runs
// of identical block instances into one row. Shared by the report and the picture.
import { GRAPH_OUTPUT, readers } from "../ir/readers.ts";
import type { StructureScope } from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { scopeIndex, type ScopeIndex } from "./scopes.ts";

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
  scalar_mix: "scalar mix of all layers",
  norm: "final norm",
  head: "LM head",
};

/** The model-level section of a node in the model's own scope, if it is one. */
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
    case "layerNorm":
    case "rmsNorm": {
      const us = (users.get(n.id) ?? []).filter((u) => u !== GRAPH_OUTPUT);
      const toHead =
        us.length > 0 && us.every((u) => g.nodes[u]?.kind === "tiedHead" || g.outputs.includes(u));
      return toHead ? "norm" : undefined;
    }
    default:
      return g.outputs.includes(n.id) ? "head" : undefined;
  }
}

/** The first segment of a node's first parameter name: a label for a model-level layer. */
const paramLabel = (nodes: readonly Node[]): string | undefined => {
  const name = nodes.find((n) => n.params.length > 0)?.params[0]?.name;
  return name?.split(".")[0];
};

/** Key and block name of a top-level scope: its instance, else a label from its first weight. */
function scopePart(ix: ScopeIndex, s: StructureScope, nodes: readonly Node[]): [string, string] {
  const block = s.kind === "block" ? s : ix.find(s.id, "block");
  if (s.kind === "exit") return [s.instance, s.shared ? "shared exit" : "exit head"];
  if (s.kind === "iteration" || s.kind === "growMix") {
    const own = ix.children(s.id).find((c) => c.kind === "block" && c.instance === s.instance);
    return [s.instance, own?.kind === "block" ? own.block : "layer"];
  }
  // a construct without an instance of its own (a model-level residual) is labelled by its weights
  const key = s.kind === "block" ? s.instance : (paramLabel(nodes) ?? block?.instance ?? s.kind);
  const named = block?.instance === key ? block.block : undefined;
  return [key, named ?? SECTION_BLOCK[key] ?? block?.block ?? key];
}

interface Keyed {
  readonly keys: ReadonlyMap<NodeId, string>;
  readonly blocks: ReadonlyMap<string, string>;
}

/** Every node's part, read from the structure (see partKeys). */
function keyed(g: Graph): Keyed {
  const ix = scopeIndex(g);
  const users = readers(g);
  const keys = new Map<NodeId, string>();
  const blocks = new Map<string, string>();
  const sharedUses = new Map<string, number>();
  const joinLatest = (n: Node): void => {
    const latest = Math.max(-1, ...n.inputs);
    keys.set(n.id, keys.get(latest) ?? "input");
  };
  const scopeItem = (s: StructureScope, nodes: readonly Node[]): void => {
    if (s.kind === "repeat") {
      if (s.scalarMix === true) blocks.set("scalar_mix", "scalar mix of all layers");
      for (const item of ix.contents(s.id)) {
        if (item.kind === "scope") scopeItem(item.scope, item.nodes);
        else if (item.node.kind === "dwa") keys.set(item.node.id, "dwa");
        else if (item.node.kind === "scalarMix") keys.set(item.node.id, "scalar_mix");
        else joinLatest(item.node);
      }
      return;
    }
    // a use of a `share`d layer outside any block is a part of its own, named by the share
    // (`ffn`, then `ffn@2` for a second use): joined to the part before it, an embedding row
    // would hold the shared layer's parameters
    if (s.kind === "block" && s.shared) {
      const uses = (sharedUses.get(s.instance) ?? 0) + 1;
      sharedUses.set(s.instance, uses);
      const key = uses === 1 ? s.instance : `${s.instance}@${uses}`;
      blocks.set(key, `${s.block}, shared`);
      for (const n of nodes) keys.set(n.id, key);
      return;
    }
    const [key, block] = scopePart(ix, s, nodes);
    if (!blocks.has(key)) blocks.set(key, block);
    for (const n of nodes) keys.set(n.id, key);
  };
  for (const item of ix.contents(0)) {
    if (item.kind === "scope") {
      scopeItem(item.scope, item.nodes);
      continue;
    }
    const n = item.node;
    const key = sectionKey(n, g, users) ?? (n.params.length > 0 ? paramLabel([n]) : undefined);
    if (key === undefined) joinLatest(n);
    else {
      keys.set(n.id, key);
      if (!blocks.has(key)) blocks.set(key, SECTION_BLOCK[key] ?? key);
    }
  }
  return { keys, blocks };
}

/**
 * Top-level key of every node, from the structure: the model sections (input, embed, dwa, norm,
 * head) for the model's own nodes, each iteration of a top-level repeat (`blocks.<n>`, its DWA
 * sites the part `dwa`), and each other top-level construct under the instance of its block. A
 * model-level layer is a part of its own; nodes without parameters join the part of their latest input.
 */
export function partKeys(g: Graph): ReadonlyMap<NodeId, string> {
  return keyed(g).keys;
}

/** The parts in order of appearance; the DWA sites form one part placed after the last site. */
export function parts(g: Graph): Part[] {
  const { keys, blocks } = keyed(g);
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
    .map(([key, e]) => ({
      key,
      block: blocks.get(key) ?? SECTION_BLOCK[key] ?? key,
      nodes: e.nodes,
    }));
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
      // and neither does the layer index of a layer dropout or an exit
      const attrs =
        n.kind === "scale" || n.kind === "layerDrop" || n.kind === "exitOut"
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
