// The layers of a model as layer dropping sees them (constructs.md §8.4): the outermost repeat
// iterations (`blocks.<i>`, one per layer, numbered 0… in graph order across the model's
// repeats; ir/structure.ts's layerScopes, which the model description lists too), each with the node its residual stream enters by and the node it leaves by; and the
// attention sublayer of a layer (§5.3), the residual around its attention. Read from the IR's
// structure (ir/structure.ts), never from parameter names.
import { layerScopes, type ScopeId, type StructureScope } from "../ir/structure.ts";
import { GRAPH_OUTPUT, readers } from "../ir/readers.ts";
import type { Graph, NodeId } from "../ir/types.ts";
import { subtreeRanges, type NodeRange } from "../ir/verify-structure.ts";

/** A run of nodes that maps one stream to one stream: what replacing it by the identity needs. */
export interface StreamCut {
  /** Graph positions of the run (a scope's subtree). */
  readonly first: number;
  readonly last: number;
  /** The node outside the run whose value enters it (the residual stream x_ℓ). */
  readonly input: NodeId;
  /** The only node of the run read after it (x_{ℓ+1}). */
  readonly output: NodeId;
}

/** One layer: its index, its iteration scope and instance (`blocks.3`), and its cut. */
export interface LayerSite {
  readonly index: number;
  readonly scope: ScopeId;
  readonly instance: string;
  /** Undefined when the layer has no nodes (a model of `repeat 0`). */
  readonly range: NodeRange | undefined;
}

/** The model's layers (ir/structure.ts's layerScopes), each with its index and node range. */
export function layersOf(g: Graph): LayerSite[] {
  const ranges = subtreeRanges(g);
  return layerScopes(g.structure).map((s, index) => ({
    index,
    scope: s.id,
    instance: s.instance,
    range: ranges.get(s.id),
  }));
}

/**
 * The stream a run of nodes maps, or why it is not one: its inputs from before the run, less the
 * token ids, must be one tensor of the output's shape, and exactly one of its nodes is read later.
 */
export function streamCut(g: Graph, range: NodeRange): StreamCut | string {
  const { first, last } = range;
  const users = readers(g);
  const outside = new Set<NodeId>();
  const read = new Set<NodeId>();
  for (let i = first; i <= last; i++) {
    const n = g.nodes[i]!;
    for (const j of n.inputs) if (j < first && g.nodes[j]!.kind !== "input") outside.add(j);
    if ((users.get(n.id) ?? []).some((u) => u === GRAPH_OUTPUT || u > last)) read.add(n.id);
  }
  if (outside.size !== 1)
    return `it reads ${outside.size} tensors from before it (a layer that is the identity maps one stream)`;
  if (read.size !== 1)
    return `${read.size} of its tensors are read after it (a layer that is the identity gives one stream)`;
  const [input] = [...outside] as [NodeId];
  const [output] = [...read] as [NodeId];
  const same =
    JSON.stringify(g.nodes[input]!.shape) === JSON.stringify(g.nodes[output]!.shape) &&
    g.nodes[input]!.dtype === g.nodes[output]!.dtype;
  if (!same) return "its output's shape differs from its input's";
  return { first, last, input, output };
}

/** The residual scopes inside layer `site` that hold an attention node (§5.3's attention sublayers). */
export function attentionSublayers(g: Graph, site: LayerSite): ScopeId[] {
  if (site.range === undefined) return [];
  const found = new Set<ScopeId>();
  for (let i = site.range.first; i <= site.range.last; i++) {
    if (g.nodes[i]!.kind !== "attention") continue;
    // the outermost residual between the node and the layer
    let residual: ScopeId | undefined;
    for (let id: ScopeId | null = g.nodes[i]!.origin.scope; id !== null && id !== site.scope;) {
      const s: StructureScope = g.structure[id]!;
      if (s.kind === "residual") residual = s.id;
      id = s.parent;
    }
    if (residual !== undefined) found.add(residual);
  }
  return [...found];
}
