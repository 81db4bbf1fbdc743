// Depth growth (constructs.md §9.1–9.2): blocks L..L′−1 appended after the last block, each mixed
// in as h ← h + c·(Block(h) − h); `by stacking` copies θ_{L+i} ← θ_{i mod L} (the runtime follows
// `copies`), otherwise the new blocks keep their fresh init. Only plain stacks (blocks reading
// nothing but the stream and the token ids) can grow.
import { GraphBuilder } from "../ir/build.ts";
import { scopeSpec, type ScopeId, type ScopeSpec, type StructureScope } from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { parts } from "../report/groups.ts";
import { addLike, finish, GrowError, mask, type Applied } from "./grow-build.ts";
import type { GrowEventSpec } from "./grow-spec.ts";

/** Depth: blocks L..L′−1 appended after the last block, copying blocks i mod L. */
export function deepen(g: Graph, e: GrowEventSpec, masked: boolean): Applied {
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const blocks = parts(g).filter((p) => /^blocks\.\d+$/.test(p.key));
  if (blocks.length !== e.from)
    throw new GrowError(`depth growth: the model has ${blocks.length} blocks, not ${e.from}`);
  const entries = blocks.map((p) => {
    const ids = new Set(p.nodes.map((n) => n.id));
    const ext = new Set(
      p.nodes.flatMap((n) => n.inputs.filter((i) => !ids.has(i) && byId.get(i)?.kind !== "input")),
    );
    if (ext.size !== 1)
      throw new GrowError(
        `depth growth: block ${p.key} reads ${ext.size} tensors from outside (DWA, shared state); only plain stacks can grow`,
      );
    return [...ext][0]!;
  });
  const last = blocks[blocks.length - 1]!;
  const lastId = last.nodes[last.nodes.length - 1]!.id;
  const copies: Record<string, string> = {};
  const b = new GraphBuilder(g.structure);
  const map = new Map<NodeId, NodeId>();
  for (const n of g.nodes) {
    map.set(
      n.id,
      addLike(
        b,
        n,
        n.inputs.map((i) => map.get(i) ?? i),
        n.attrs,
      ),
    );
    if (n.id !== lastId) continue;
    let h = map.get(n.id)!;
    for (let c = 0; c < e.to - e.from; c++) {
      const src = blocks[c % blocks.length]!;
      const key = `blocks.${blocks.length + c}`;
      if (e.method === "stacking") copies[key] = src.key;
      const re = (s: string): string =>
        s === src.key || s.startsWith(`${src.key}.`) ? key + s.slice(src.key.length) : s;
      const local = new Map<NodeId, NodeId>();
      const scopes = cloneIteration(g.structure, src.key, blocks.length + c, re, b);
      for (const m of src.nodes) {
        const origin = {
          ...m.origin,
          scope: scopes.get(m.origin.scope) ?? m.origin.scope,
          path: m.origin.path.map((p) => ({ ...p, instance: re(p.instance) })),
        };
        const inputs = m.inputs.map(
          (i) => local.get(i) ?? (i === entries[c % blocks.length] ? h : (map.get(i) ?? i)),
        );
        local.set(m.id, addLike(b, m, inputs, m.attrs, re, origin));
      }
      const out = local.get(src.nodes[src.nodes.length - 1]!.id)!;
      if (!masked) {
        h = out;
        continue;
      }
      // h ← h + c·(Block(h) − h) = c·Block(h) + (1 − c)·h
      const mixScope = b.openScope(
        { kind: "growMix", span: n.origin.span, instance: key },
        repeatOf(g.structure, src.key),
      );
      const o = {
        ...src.nodes[src.nodes.length - 1]!,
        origin: { span: n.origin.span, scope: mixScope, path: [] },
      } as Node;
      const diff = b.add({
        kind: "sub",
        inputs: [out, h],
        attrs: {},
        name: "grow_delta",
        origin: o.origin,
      });
      const scaled = mask(b, diff, o, { old: 0, start: e.step, steps: e.maskedOver });
      h = b.add({
        kind: "add",
        inputs: [h, scaled],
        attrs: {},
        name: "grow_mix",
        origin: o.origin,
      });
    }
    map.set(n.id, h);
  }
  return { graph: finish(b, g, map, g.meta.width), copies };
}

/** The iteration scope named `instance` (`blocks.3`), if the structure has one. */
function iterationOf(structure: readonly StructureScope[], instance: string): ScopeId | undefined {
  return structure.find((s) => s.kind === "iteration" && s.instance === instance)?.id;
}

/** The scope around iteration `instance` (its repeat); the model when there is none. */
function repeatOf(structure: readonly StructureScope[], instance: string): ScopeId {
  const it = iterationOf(structure, instance);
  return it === undefined ? 0 : (structure[it]!.parent ?? 0);
}

/**
 * Copies the scopes of iteration `from` (and everything inside it) as iteration `index` of the
 * same repeat, instance names renamed; returns old scope id → new scope id.
 */
function cloneIteration(
  structure: readonly StructureScope[],
  from: string,
  index: number,
  rename: (s: string) => string,
  b: GraphBuilder,
): Map<ScopeId, ScopeId> {
  const map = new Map<ScopeId, ScopeId>();
  const root = iterationOf(structure, from);
  if (root === undefined) return map;
  for (const s of structure) {
    const inside = s.id === root || (s.parent !== null && map.has(s.parent));
    if (!inside) continue;
    const spec = scopeSpec(s);
    const renamed = "instance" in spec ? { ...spec, instance: rename(spec.instance) } : spec;
    const attrs = s.id === root ? { ...renamed, index } : renamed;
    map.set(
      s.id,
      b.openScope(attrs as ScopeSpec, s.id === root ? (s.parent ?? 0) : map.get(s.parent!)!),
    );
  }
  return map;
}
