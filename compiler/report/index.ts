// The report of an analyzed program (`archc check --report FILE [--json]`): the model's graph at
// the train section's batch, with the grow schedule's figures when there is one.
import type { AnalyzedProgram } from "../analyze.ts";
import { optimize } from "../passes/pipeline.ts";
import { formatReport, reportJson } from "./format.ts";
import { growStages } from "./grow.ts";
import { buildReport, type Report } from "./report.ts";

export interface ProgramReportOptions {
  /** Overrides the train section's batch (memory and FLOPs per step need one). */
  readonly batch?: number;
  /** Report the optimized graph (MoE layers as they run: dense or dispatched) instead of the lowered one. */
  readonly optimize?: boolean;
}

export function programReport(p: AnalyzedProgram, opts: ProgramReportOptions = {}): Report {
  const batch = opts.batch ?? p.train?.batch;
  const graph =
    opts.optimize === true ? optimize(p.graph, batch === undefined ? {} : { batch }) : p.graph;
  return buildReport(graph, {
    ...(batch === undefined ? {} : { batch }),
    ...(p.grow === undefined ? {} : { grow: growStages(p.graph, p.grow.events) }),
  });
}

export { formatReport, reportJson };
export type { Report };
