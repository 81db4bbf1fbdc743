// How codegen reads the structure (ir/structure.ts): which scopes become regions (a generated
// function's unit: a block instance, or a repeat iteration that is more than one block call), the
// region a node belongs to just below an outer one, and the innermost block around a node.
import type { Span } from "../../grammar/core/source.ts";
import { childScopes, type ScopeId, type ScopeOf, type StructureScope } from "../ir/structure.ts";
import { subtreeRanges, type NodeRange } from "../ir/verify-structure.ts";
import type { Graph } from "../ir/types.ts";

/** The block name given to a repeat iteration that is not a single block call (`repeat n { residual … }`). */
export const REPEAT_BODY = "Block";

/** A scope that codegen writes as a call of a generated function. */
export interface RegionScope {
  /** The block definition, or REPEAT_BODY for an iteration. */
  readonly block: string;
  /** The instance name, also the prefix of its parameters (`blocks.3`). */
  readonly instance: string;
  /** Where the instance is made: the block call, or the first statement of the repeat body. */
  readonly call: Span;
  /** When it stands for one repeat iteration (forward traces those; loops run over them): which. */
  readonly iteration: IterationOf | undefined;
}

/** One iteration of a repeat: the repeat's scope and the 0-based iteration index. */
export interface IterationOf {
  readonly repeat: ScopeId;
  readonly index: number;
}

/** The region scopes of a graph, and the structure to walk. */
export interface RegionPlan {
  readonly structure: readonly StructureScope[];
  readonly regions: ReadonlyMap<ScopeId, RegionScope>;
}

/**
 * Block scopes are regions; an iteration scope is one unless it is exactly one block call of the
 * same instance (`repeat n { Layer(d) }`), which then stands for the iteration itself. Other
 * scopes (residual, parallel, moe, expert, growMix…) are written inline in their region.
 */
export function regionPlan(g: Graph): RegionPlan {
  const ranges = subtreeRanges(g);
  const kids = childScopes(g.structure);
  const regions = new Map<ScopeId, RegionScope>();
  const wrapped = new Map<ScopeId, IterationOf>();
  for (const s of g.structure) {
    if (s.kind !== "iteration" || !ranges.has(s.id)) continue;
    const iteration = { repeat: s.parent ?? 0, index: s.index };
    const only = wrappedBlock(s, kids.get(s.id) ?? [], ranges);
    // a p-MoD routed layer (router, gather, layer, scatter) is its own function, `routedLayer`
    const block = s.keep !== undefined ? "RoutedLayer" : REPEAT_BODY;
    if (only !== undefined) wrapped.set(only, iteration);
    else regions.set(s.id, { block, instance: s.instance, call: s.span, iteration });
  }
  for (const s of g.structure)
    if (s.kind === "block" && ranges.has(s.id))
      regions.set(s.id, {
        block: s.block,
        instance: s.instance,
        call: s.span,
        iteration: wrapped.get(s.id),
      });
  return { structure: g.structure, regions };
}

/** The block scope that is all of iteration `it` (same instance, every node), if there is one. */
function wrappedBlock(
  it: ScopeOf<"iteration">,
  children: readonly StructureScope[],
  ranges: ReadonlyMap<ScopeId, NodeRange>,
): ScopeId | undefined {
  const withNodes = children.filter((c) => ranges.has(c.id));
  const child = withNodes.length === 1 ? withNodes[0] : undefined;
  if (child?.kind !== "block" || child.instance !== it.instance) return undefined;
  const [inner, outer] = [ranges.get(child.id), ranges.get(it.id)];
  return inner?.first === outer?.first && inner?.count === outer?.count ? child.id : undefined;
}

/** The region scopes between `outer` (excluded) and `scope` (included), outermost first. */
export function regionChain(plan: RegionPlan, scope: ScopeId, outer: ScopeId): ScopeId[] {
  const chain: ScopeId[] = [];
  for (let id: ScopeId | null = scope; id !== null && id !== outer;) {
    if (plan.regions.has(id)) chain.push(id);
    id = plan.structure[id]?.parent ?? null;
  }
  return chain.reverse();
}

/** The instance of the innermost block scope around `scope`, if any. */
export function innermostBlock(
  structure: readonly StructureScope[],
  scope: ScopeId,
): string | undefined {
  for (let s: StructureScope | undefined = structure[scope]; s !== undefined;) {
    if (s.kind === "block") return s.instance;
    s = s.parent === null ? undefined : structure[s.parent];
  }
  return undefined;
}
