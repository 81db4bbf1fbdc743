// The report of a program (`archc check --report FILE [--json]`): the model's lowered graph, or with
// `graph` the one codegen receives (compiler/program.ts), at the train section's batch, with the
// grow schedule's figures when there is one.
import type { AnalyzedProgram } from "../analyze.ts";
import type { Graph } from "../ir/types.ts";
import { formatReport, reportJson } from "./format.ts";
import { growStages } from "./grow.ts";
import { buildReport, type HashRouting, type Report } from "./report.ts";

export interface ProgramReportOptions {
  /** Overrides the train section's batch (memory and FLOPs per step need one). */
  readonly batch?: number;
  /** Report this graph instead of the lowered one: the program's optimized graph (`--opt`: MoE layers as they run). */
  readonly graph?: Graph;
}

export function programReport(p: AnalyzedProgram, opts: ProgramReportOptions = {}): Report {
  const batch = opts.batch ?? p.train?.batch;
  const report = buildReport(opts.graph ?? p.graph, {
    ...(batch === undefined ? {} : { batch }),
    ...(p.grow === undefined ? {} : { grow: growStages(p.graph, p.grow.events) }),
  });
  const hash = hashRouting(p);
  return hash === undefined ? report : { ...report, hashRouting: hash };
}

/** How a run of `p` builds its hash tables (the runtime's rule: frequencies of a text corpus). */
function hashRouting(p: AnalyzedProgram): HashRouting | undefined {
  const layers = p.graph.nodes.filter((n) => n.kind === "moeRoute" && n.attrs.router === "hash");
  if (layers.length === 0) return undefined;
  const data = p.train?.data;
  if (data?.kind === "text") {
    const corpus = data.source === "sotu" ? "sotu" : data.source.file;
    return {
      layers: layers.length,
      table: "frequency",
      basis: `the token counts of ${corpus}'s training split`,
    };
  }
  const basis =
    data === undefined
      ? "no train section, so no data is known"
      : `the ${data.kind} task has no fixed corpus`;
  return { layers: layers.length, table: "ids", basis };
}

export { formatReport, reportJson };
export type { Report };
