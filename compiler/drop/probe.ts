// The probe of `archc drop --suggest` (constructs.md §8.4): the model whose output is the residual
// stream entering its first layer, [B, T, d], instead of the logits; the forward context's trace
// gives the stream after each layer. Nothing else changes: the parameters are the model's, so a
// run's checkpoint loads into it. `chainProblem` says when the trace is not the next layer's input.
import type { Graph } from "../ir/types.ts";
import { DropError } from "./apply.ts";
import { layersOf, streamCut, type StreamCut } from "./layers.ts";

/** Each layer that has nodes (a dropped layer has none), with its cut; throws DropError. */
function cuts(g: Graph): { instance: string; cut: StreamCut }[] {
  return layersOf(g).flatMap((site) => {
    if (site.range === undefined) return [];
    const cut = streamCut(g, site.range);
    if (typeof cut === "string")
      throw new DropError(`cannot read the residual stream of layer ${site.instance}: ${cut}`);
    return [{ instance: site.instance, cut }];
  });
}

/** `g` with the stream entering its first layer as its only output; throws DropError. */
export function streamProbe(g: Graph): Graph {
  const first = cuts(g)[0];
  if (first === undefined) throw new DropError("the model has no layers to read the stream at");
  return { ...g, outputs: [first.cut.input] };
}

/**
 * Why a layer's output is not the next layer's input (DenseFormer's DWA averages between them, a
 * scalar mix reads every output…), or undefined when the layers form one stream.
 */
export function chainProblem(g: Graph): string | undefined {
  const layers = cuts(g);
  for (let k = 1; k < layers.length; k++)
    if (layers[k]!.cut.input !== layers[k - 1]!.cut.output)
      return `the stream entering ${layers[k]!.instance} is not the output of ${layers[k - 1]!.instance} (a DenseFormer DWA average or similar sits between them)`;
  return undefined;
}
