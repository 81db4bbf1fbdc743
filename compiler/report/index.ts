// The report of a program (`archc check --report FILE [--json]`): the model's lowered graph, or with
// `graph` the one codegen receives (compiler/program.ts), at the train section's batch, with the
// grow schedule's figures when there is one.
import type { AnalyzedProgram } from "../analyze.ts";
import type { Graph } from "../ir/types.ts";
import { formatReport, reportJson } from "./format.ts";
import { growStages } from "./grow.ts";
import { buildReport, type Report } from "./report.ts";

export interface ProgramReportOptions {
  /** Overrides the train section's batch (memory and FLOPs per step need one). */
  readonly batch?: number;
  /** Report this graph instead of the lowered one: the program's optimized graph (`--opt`: MoE layers as they run). */
  readonly graph?: Graph;
}

export function programReport(p: AnalyzedProgram, opts: ProgramReportOptions = {}): Report {
  const batch = opts.batch ?? p.train?.batch;
  return buildReport(opts.graph ?? p.graph, {
    ...(batch === undefined ? {} : { batch }),
    ...(p.grow === undefined ? {} : { grow: growStages(p.graph, p.grow.events) }),
  });
}

export { formatReport, reportJson };
export type { Report };
