// The generated module's `meta` (runtime/model.ts's ModelMeta), from the graph: what codegen writes
// as `const meta` (emit-module.ts) and what `archc drop` records as a dropped run's model
// (cli/runs/drop-run.ts) without generating its code.
import { PMOD_NO_DECODE } from "../../spec/pmod.ts";
import type { ExitSpec } from "../../spec/exits.ts";
import { graphParamCount } from "../ir/param-count.ts";
import type { Graph } from "../ir/types.ts";

/** ModelMeta's fields, as plain data (the compiler does not import the runtime). */
export interface MetaFacts {
  readonly name: string;
  readonly source: string;
  readonly paramCount: number;
  readonly vocab: number;
  readonly context: number;
  readonly width: number;
  readonly exits?: ExitSpec;
  readonly noDecode?: string;
}

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
