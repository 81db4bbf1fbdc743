// A region's signature: everything that shapes its generated code (kinds, attributes, shapes,
// names, source spans, nested regions, relative parameter names, dataflow), with names made
// relative to its instance, so that identical instances get one function. Constants that may
// differ between instances (liftable) are masked here and passed as arguments instead.
import type { Node, NodeId } from "../ir/types.ts";

/**
 * Attributes that may differ between instances of one function: they become its arguments
 * (LayerNorm Scaling's 1/√ℓ, a hash layer's seed, a per-layer dropout rate).
 */
export function liftable(n: Node): readonly string[] {
  if (n.kind === "scale") return ["factor"];
  if (n.kind === "dropout") return ["p"];
  if (n.kind === "modGather" || n.kind === "modWeigh" || n.kind === "modScatter") return ["ratio"];
  if (n.kind === "moeRoute" && n.attrs.router === "hash") return ["hashSeed"];
  return [];
}

/** Attributes the generated code never reads (a non-hash router's hash seed). */
function unused(n: Node): readonly string[] {
  return n.kind === "moeRoute" && n.attrs.router !== "hash" ? ["hashSeed"] : [];
}

/** A parameter or instance name relative to a prefix (`~.attn.q.kernel`), or absolute when outside it. */
export function relativeName(name: string, prefix: string): string {
  if (prefix !== "" && name === prefix) return "~";
  return prefix !== "" && name.startsWith(`${prefix}.`) ? `~${name.slice(prefix.length)}` : name;
}

/** What the signature reads of a region. */
export interface SignatureInput {
  readonly block: string;
  readonly instance: string;
  readonly nodes: readonly Node[];
  readonly inputs: readonly NodeId[];
  readonly outputs: readonly NodeId[];
  /** Per node, the regions nested inside this one that hold it (block and instance), outermost first. */
  readonly nested: (n: Node) => readonly { readonly block: string; readonly instance: string }[];
  /** The region's own nodes (not inside a nested region): their liftable constants are masked. */
  readonly direct: ReadonlySet<NodeId>;
}

/** Equal signatures ⇔ the same generated function. */
export function signature(r: SignatureInput): string {
  const local = new Map(r.nodes.map((n, i) => [n.id, i]));
  const external = new Map(r.inputs.map((id, i) => [id, i]));
  const rel = (name: string): string => relativeName(name, r.instance);
  const lines = r.nodes.map((n) =>
    JSON.stringify([
      n.kind,
      attrsKey(n, r.direct.has(n.id), rel),
      n.shape,
      n.dtype,
      n.name,
      [n.origin.span.file, n.origin.span.start, n.origin.span.end],
      r.nested(n).map((e) => [e.block, rel(e.instance)]),
      n.params.map((p) => rel(p.name)),
      n.inputs.map((i) => (local.has(i) ? `n${local.get(i)}` : `x${external.get(i)}`)),
    ]),
  );
  return [r.block, ...lines, JSON.stringify(r.outputs.map((o) => local.get(o)))].join("\n");
}

/** The attributes as they shape the code: relative table names; liftable constants of own nodes masked. */
function attrsKey(n: Node, own: boolean, rel: (name: string) => string): unknown {
  if (n.kind === "tiedHead") return { ...n.attrs, table: rel(n.attrs.table) };
  const masked = [...(own ? liftable(n) : []), ...unused(n)];
  if (masked.length === 0) return n.attrs;
  return Object.fromEntries(
    Object.entries(n.attrs).map(([k, v]) => [k, masked.includes(k) ? "?" : v]),
  );
}
