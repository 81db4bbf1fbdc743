// Depth growth (constructs.md §9.1–9.2): blocks L..L′−1 appended after the last block, each mixed
// in as h ← h + c·(Block(h) − h); `by stacking` copies θ_{L+i} ← θ_{i mod L} (the runtime follows
// `copies`), otherwise the new blocks keep their fresh init. Only plain stacks (blocks reading
// nothing but the stream and the token ids) can grow.
import { GraphBuilder } from "../ir/build.ts";
import {
  scopeSpec,
  type ScopeId,
  type ScopeOf,
  type ScopeSpec,
  type StructureScope,
} from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { addLike, finish, GrowError, mask, type Applied } from "./grow-build.ts";
import type { GrowEventSpec } from "./grow-spec.ts";
import { layerStacks, type LayerStack } from "./grow-structure.ts";

/** Depth: blocks L..L′−1 appended after the last block, copying blocks i mod L. */
export function deepen(g: Graph, e: GrowEventSpec, masked: boolean): Applied {
  const stack = plainStack(g, e);
  const blocks = stack.layers;
  const byId = new Map(g.nodes.map((n) => [n.id, n]));
  const entries = blocks.map((p) => {
    const ids = new Set(p.nodes.map((n) => n.id));
    const ext = new Set(
      p.nodes.flatMap((n) => n.inputs.filter((i) => !ids.has(i) && byId.get(i)?.kind !== "input")),
    );
    if (ext.size !== 1)
      throw new GrowError(
        `depth growth: block ${p.scope.instance} reads ${ext.size} tensors from outside (DWA, shared state); only plain stacks can grow`,
      );
    return [...ext][0]!;
  });
  // the stack's output: the repeat's last node (the last block's, or an earlier event's mix)
  const lastId = stack.nodes[stack.nodes.length - 1]!.id;
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
      const from = src.scope.instance;
      const key = `blocks.${blocks.length + c}`;
      if (e.method === "stacking") copies[key] = from;
      const re = (s: string): string =>
        s === from || s.startsWith(`${from}.`) ? key + s.slice(from.length) : s;
      const local = new Map<NodeId, NodeId>();
      const scopes = cloneIteration(g.structure, src.scope, blocks.length + c, re, b);
      for (const m of src.nodes) {
        const origin = {
          ...m.origin,
          scope: scopes.get(m.origin.scope) ?? m.origin.scope,
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
        stack.repeat.id,
      );
      const o = {
        ...src.nodes[src.nodes.length - 1]!,
        origin: { span: n.origin.span, scope: mixScope },
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
  const grown = finish(b, g, map, g.meta.width);
  // the repeat now unrolls to L′ layers
  const structure = grown.structure.map((s) =>
    s.id === stack.repeat.id ? { ...stack.repeat, count: e.to } : s,
  );
  return { graph: { ...grown, structure }, copies };
}

/** The model's one layer stack, if depth growth can extend it (else GrowError). */
function plainStack(g: Graph, e: GrowEventSpec): LayerStack {
  const stacks = layerStacks(g);
  if (stacks.length > 1)
    throw new GrowError(
      `depth growth: the model's layers are in ${stacks.length} repeats; only one stack can grow`,
    );
  const stack = stacks[0];
  const depth = stack?.layers.length ?? 0;
  if (stack === undefined || depth !== e.from)
    throw new GrowError(`depth growth: the model has ${depth} blocks, not ${e.from}`);
  if (stack.repeat.dwa !== undefined)
    throw new GrowError(
      "depth growth: the repeat has DWA sites (DenseFormer), whose weights span the blocks; only plain stacks can grow",
    );
  return stack;
}

/**
 * Copies the scopes of iteration `from` (and everything inside it) as iteration `index` of the
 * same repeat, instance names renamed; returns old scope id → new scope id.
 */
function cloneIteration(
  structure: readonly StructureScope[],
  from: ScopeOf<"iteration">,
  index: number,
  rename: (s: string) => string,
  b: GraphBuilder,
): Map<ScopeId, ScopeId> {
  const map = new Map<ScopeId, ScopeId>();
  const root = from.id;
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
