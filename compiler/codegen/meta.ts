// The generated module's `meta` (runtime/model.ts's ModelMeta), from the graph: what codegen writes
// as `const meta` (emit-module.ts) and what `archc drop` records as a dropped run's model
// (cli/runs/drop-run.ts) without generating its code.
import { PMOD_NO_DECODE } from "../../spec/pmod.ts";
import { graphParamCount } from "../ir/param-count.ts";
import type { Graph } from "../ir/types.ts";
import type { ModelMeta } from "../../spec/model-meta.ts";

/** ModelMeta's fields (spec/model-meta.ts), as plain data. */
export type MetaFacts = ModelMeta;

/** The model's static facts (`exits` only for a model with early exits, `noDecode` for p-MoD). */
export function modelMeta(graph: Graph): MetaFacts {
  return {
    name: graph.name,
    source: graph.source,
    paramCount: graphParamCount(graph),
    vocab: graph.meta.vocab,
    context: graph.meta.context,
    width: graph.meta.width,
    ...(graph.meta.exits === undefined ? {} : { exits: graph.meta.exits }),
    ...(graph.nodes.some((n) => n.kind === "modRouter") ? { noDecode: PMOD_NO_DECODE } : {}),
  };
}
