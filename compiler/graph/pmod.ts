// p-MoD in the picture (constructs.md §8.1): the section line of each layer of a `with pmod` repeat
// says whether the layer is dense or routed, and for a routed one its keep (capacity) ratio ρ_ℓ and
// the tokens it keeps at the model's context (⌊ρ·T⌋, spec/pmod.ts). The router, the top-k gather
// and the scatter are drawn as ops on the stream (op-labels.ts); the routed block inside is drawn
// with its residuals (structure.ts), the TanhNorm weight on its FFN branch.
import { keptTokens } from "../../spec/pmod.ts";
import type { ScopeOf, StructureScope } from "../ir/structure.ts";
import type { Node } from "../ir/types.ts";
import type { UnitContext } from "./units.ts";

/** The iteration of a `with pmod` repeat holding all of `nodes`, with its repeat; else undefined. */
function pmodIteration(nodes: readonly Node[], ctx: UnitContext): ScopeOf<"iteration"> | undefined {
  let s: StructureScope = ctx.ix.common(nodes);
  while (s.kind !== "iteration") {
    if (s.parent === null) return undefined;
    s = ctx.ix.scope(s.parent);
  }
  const repeat = s.parent === null ? undefined : ctx.ix.scope(s.parent);
  return repeat?.kind === "repeat" && repeat.pmod !== undefined ? s : undefined;
}

/** Whether `s` is a routed p-MoD layer (an iteration with a keep ratio): its block is drawn open. */
export const isRoutedLayer = (s: StructureScope): boolean =>
  s.kind === "iteration" && s.keep !== undefined;

/** ` · routed: keeps ρ 0.655, 41 of 64 tokens` or ` · dense (p-MoD)`; "" outside a pmod repeat. */
export function pmodNote(nodes: readonly Node[], ctx: UnitContext): string {
  const it = pmodIteration(nodes, ctx);
  if (it === undefined) return "";
  if (it.keep === undefined) return " · dense (p-MoD)";
  const T = ctx.ix.graph.meta.context;
  return ` · routed: keeps ρ ${it.keep.toFixed(3)}, ${keptTokens(it.keep, T)} of ${T} tokens`;
}
