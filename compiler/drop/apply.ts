// Layer dropping on the IR (constructs.md §8.4, §5.3; docs/runs.md "Dropping layers"): each dropped
// layer, or a dropped layer's attention sublayer, is cut out of the lowered graph and its readers
// read the stream that entered it, so the model is the trained one with that block (sublayer)
// replaced by the identity. Every other node, its parameters and their names stay as lowered:
// layer-indexed constructs (Mix-LN, LayerNorm scaling, DeepNorm's α) keep the form they were
// trained with, DenseFormer's DWA sites keep their weights (the dropped block's X_ℓ is its input),
// MoE layers go with their block. Refused, with the reason: early exits and growth schedules.
import { NO_DROP, type DropSpec } from "../../spec/drop.ts";
import { rebuild, type Replacement } from "../passes/graph-edit.ts";
import type { ScopeId, StructureScope } from "../ir/structure.ts";
import type { Graph, Node, NodeId } from "../ir/types.ts";
import { attentionSublayers, layersOf, streamCut, type StreamCut } from "./layers.ts";
import { subtreeRanges } from "../ir/verify-structure.ts";

/** A drop the model cannot take: the message says which layer and why (a user error). */
export class DropError extends Error {
  override readonly name = "DropError";
}

/** What the model is, for the refusals a graph alone does not show. */
export interface DropContext {
  /** The program has a grow section (its stages are built from the full depth). */
  readonly grows?: boolean;
}

/** The graph with `spec`'s layers and attention sublayers cut out; throws DropError. */
export function dropLayers(g: Graph, spec: DropSpec = NO_DROP, at: DropContext = {}): Graph {
  if (spec.layers.length === 0 && spec.attention.length === 0) return g;
  refuseConstructs(g, at);
  const layers = layersOf(g);
  const cuts: StreamCut[] = [];
  for (const index of spec.layers) {
    const site = layers[index];
    if (site === undefined) throw new DropError(noLayer(index, layers.length));
    if (site.range === undefined) continue;
    cuts.push(checked(streamCut(g, site.range), `layer ${index} (${site.instance})`));
  }
  const ranges = subtreeRanges(g);
  for (const index of spec.attention) {
    const site = layers[index];
    if (site === undefined) throw new DropError(noLayer(index, layers.length));
    const found = attentionSublayers(g, site);
    if (found.length !== 1)
      throw new DropError(
        `layer ${index} (${site.instance}) has ${found.length === 0 ? "no attention sublayer (a residual around attention)" : `${found.length} attention sublayers`}; --attention drops exactly one per layer`,
      );
    const what = `the attention sublayer of layer ${index} (${site.instance})`;
    cuts.push(checked(streamCut(g, ranges.get(found[0]!)!), what));
  }
  return pruneScopes(g, rebuild(g, replacements(g, cuts)));
}

/**
 * `cut` without the scopes the cut emptied (they had nodes in `g`, none now), renumbered in order,
 * so the description, the picture and the report show only what is left. The kept iterations keep
 * their index and instance (`blocks.3`), their parameters' prefix.
 */
function pruneScopes(g: Graph, cut: Graph): Graph {
  const before = subtreeRanges(g);
  const after = subtreeRanges(cut);
  const newId = new Map<ScopeId, ScopeId>();
  const structure: StructureScope[] = [];
  for (const s of cut.structure) {
    if (before.has(s.id) && !after.has(s.id)) continue;
    const id = structure.length;
    newId.set(s.id, id);
    const parent = s.parent === null ? null : newId.get(s.parent)!;
    structure.push({ ...s, id, parent } as StructureScope);
  }
  const nodes = cut.nodes.map(
    (n) => ({ ...n, origin: { ...n.origin, scope: newId.get(n.origin.scope)! } }) as Node,
  );
  return { ...cut, nodes, structure };
}

function noLayer(index: number, depth: number): string {
  return `layer ${index} does not exist (the model has ${depth} layers)`;
}

function checked(cut: StreamCut | string, what: string): StreamCut {
  if (typeof cut === "string") throw new DropError(`cannot drop ${what}: ${cut}`);
  return cut;
}

/** Early exits and growth number things by layer in ways a cut does not follow. */
function refuseConstructs(g: Graph, at: DropContext): void {
  if (at.grows === true)
    throw new DropError(
      "the model has a grow section: its growth stages are built from the full stack (depth growth copies blocks by index), so a dropped model has no stages to load; dropping layers of a growing model is not supported",
    );
  if (g.structure.some((s) => s.kind === "repeat" && s.exits !== undefined))
    throw new DropError(
      "the model has early exits (`with layerskip` / `with exits`): every layer carries an exit whose loss weight and exit rule depend on the layer's place among all L layers, so removing one would silently change the others; dropping layers of a model with early exits is not supported",
    );
}

/** Each cut's output reads its input; every other node of the cut goes (parameters too). */
function replacements(g: Graph, cuts: readonly StreamCut[]): Map<NodeId, Replacement> {
  const replace = new Map<NodeId, Replacement>();
  const removed = new Set<NodeId>();
  for (const c of cuts) {
    for (let i = c.first; i <= c.last; i++) {
      removed.add(i);
      replace.set(i, { nodes: [] });
    }
    replace.set(c.output, { alias: c.input });
  }
  // a `share`d layer's weights live in its first application: a kept layer may not lose them
  const owned = new Map<string, NodeId>();
  for (const id of removed)
    for (const p of g.nodes[id]!.params) if (p.tiedTo === undefined) owned.set(p.name, id);
  for (const n of g.nodes)
    if (!removed.has(n.id))
      for (const p of n.params)
        if (p.tiedTo !== undefined && owned.has(p.name))
          throw new DropError(
            `cannot drop the layer that owns \`${p.name}\`: it is shared (\`share\`) with a layer that stays`,
          );
  return replace;
}
