// Growth stages for the driver (compiler/program.ts), with a growth event the model cannot follow
// (GrowError) as an ARCH3519 diagnostic ("cannot grow `heads`: …") at the event that failed (its
// `at step …` line).
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import { train as msg } from "../../grammar/core/messages/train.ts";
import type { Graph } from "../ir/types.ts";
import type { GrowSpec } from "./grow-spec.ts";
import { GrowError, growStageInputs } from "./grow-stages.ts";

/** The stages of `spec` (undefined without a grow section), or the GrowError that stopped them. */
export function growStages(
  graph: Graph,
  spec: GrowSpec | undefined,
): ReturnType<typeof growStageInputs> | GrowError | undefined {
  if (spec === undefined) return undefined;
  try {
    return growStageInputs(graph, spec);
  } catch (err) {
    if (err instanceof GrowError) return err;
    throw err;
  }
}

/** The error at its event's span; at the model's first node when no event is known. */
export function growDiagnostic(err: GrowError, graph: Graph): Diagnostic {
  const span = err.event?.span ??
    graph.nodes[0]?.origin.span ?? { file: graph.source, start: 0, end: 0 };
  return msg.growNotMeasurable(span, err.event?.target ?? "the model", err.message);
}
