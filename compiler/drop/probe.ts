// The probe of `archc drop --suggest` (constructs.md §8.4): the model whose output is the residual
// stream entering layer ℓ, [B, T, d], instead of the logits. The forward context's trace gives the
// stream after each layer; this gives the one before the first. Nothing else changes: the
// parameters are the model's, so a run's checkpoint loads into it.
import type { Graph } from "../ir/types.ts";
import { DropError } from "./apply.ts";
import { layersOf, streamCut } from "./layers.ts";

/** `g` with the stream entering layer `layer` as its only output; throws DropError. */
export function streamProbe(g: Graph, layer: number): Graph {
  const site = layersOf(g)[layer];
  if (site?.range === undefined)
    throw new DropError(`the model has no layer ${layer} to read the residual stream at`);
  const cut = streamCut(g, site.range);
  if (typeof cut === "string")
    throw new DropError(
      `cannot read the stream entering layer ${layer} (${site.instance}): ${cut}`,
    );
  return { ...g, outputs: [cut.input] };
}
