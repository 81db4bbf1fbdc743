// A run's source snapshot compiled once (parse, resolve, lower: compiler/program.ts's
// analyzeProgram with the run's compile settings, rebuild.ts's rebuildOptions), and the models
// built from that one analysis with other graph options: the trained model with a drop, with or
// without the passes (`archc drop`'s source model and new model: drop-source.ts, drop-run.ts), no
// program generated or imported. Errors are the user errors rebuilding the run gives (rebuild.ts).
import type { AnalyzeResult } from "../../compiler/analyze.ts";
import { DropError } from "../../compiler/drop/apply.ts";
import {
  analyzeProgram,
  programOf,
  type ProgramModel,
  type ProgramOptions,
} from "../../compiler/program.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { RunInfo } from "../../runtime/run/info.ts";
import { rebuildOptions, snapshotError } from "./rebuild.ts";

/** The compiler's front end as the run's rebuild calls it (a seam: tests count the compiles). */
export type Analyze = (entry: string, options: ProgramOptions) => AnalyzeResult;

/** A run's snapshot, analyzed. */
export interface RunSource {
  readonly dir: string;
  /** The run's compile settings (its recorded drop included). */
  readonly options: ProgramOptions;
  /** The snapshot's entry parsed, resolved and lowered, without errors. */
  readonly analysis: AnalyzeResult;
}

/** Analyzes the run's snapshot (checked against run.json's sha256s first); throws RuntimeUserError. */
export function analyzeRun(dir: string, info: RunInfo, analyze: Analyze = analyzeProgram): RunSource {
  const { entry, options } = rebuildOptions(dir, info);
  const analysis = analyze(entry, options);
  if (analysis.program === undefined || analysis.diagnostics.some((d) => d.severity === "error"))
    throw snapshotError(dir, analysis);
  return { dir, options, analysis };
}

/** The run's model from its analysis, `graph`'s options replacing the run's; throws RuntimeUserError. */
export function runProgram(
  src: RunSource,
  graph: Pick<ProgramOptions, "drop" | "optimize">,
): ProgramModel {
  let built: ReturnType<typeof programOf>;
  try {
    built = programOf(src.analysis, { ...src.options, ...graph });
  } catch (e) {
    if (e instanceof DropError) throw new RuntimeUserError(`Run '${src.dir}': ${e.message}.`);
    throw e;
  }
  if (built.model === undefined) throw snapshotError(src.dir, built);
  return built.model;
}
