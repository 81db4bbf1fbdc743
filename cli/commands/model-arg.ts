// The FILE-or-RUN argument of `archc graph` and `archc check --report`: a .arch file is built as
// written; a run directory (or one of its checkpoint folders) is built from its own source snapshot
// with the settings it was trained with, its `archc drop` included (cli/runs/rebuild.ts says how a
// run is compiled). Every problem is printed (`error: …` or the diagnostics) and gives null.
import { resolve } from "node:path";
import type { AnalyzedProgram } from "../../compiler/analyze.ts";
import { DropError } from "../../compiler/drop/apply.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { buildProgram, type ProgramOptions } from "../../compiler/program.ts";
import { runDirOf } from "../../runtime/checkpoint/read.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { readRunInfo, type RunInfo } from "../../runtime/run/info.ts";
import { dropsNothing } from "../../spec/drop.ts";
import type { Io } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { rebuildOptions } from "../runs/rebuild.ts";
import { dropLines } from "../runs/run-layers.ts";
import { isRunArg, missingFile } from "./input-file.ts";

/** What the commands draw or report: the model as lowered (a run's drop applied) and as optimized. */
export interface ArgModel {
  /** The lowered program; for a dropped run its graph is the one without the dropped layers. */
  readonly lowered: AnalyzedProgram;
  /** After the passes (with `optimize: false`: the lowered graph). */
  readonly graph: Graph;
  /** For a run: lines saying which run it is and what `archc drop` removed (empty when nothing). */
  readonly runNotes?: readonly string[];
}

/** The settings the caller asks for; a run keeps its own `--set` flags, MoE strategy and drop. */
export interface ArgOptions {
  readonly optimize: boolean;
  readonly batch?: number;
  /** `--set` flags: only for a file (a run's model is the one it trained). */
  readonly overrides?: readonly string[];
}

/** How `arg` compiles: a file as given, a run by its build record; null after printing why not. */
function sourceOf(
  arg: string,
  opts: ArgOptions,
  io: Io,
): { entry: string; options: ProgramOptions; run?: { arg: string; info: RunInfo } } | null {
  const extra = {
    optimize: opts.optimize,
    ...(opts.batch === undefined ? {} : { batch: opts.batch }),
  };
  if (!isRunArg(arg)) {
    if (missingFile(arg, io)) return null;
    return {
      entry: arg,
      options: { ...extra, ...(opts.overrides === undefined ? {} : { overrides: opts.overrides }) },
    };
  }
  if ((opts.overrides ?? []).length > 0) {
    io.err(
      `error: \`--set\` does not apply to run \`${arg}\`: its model is built with the settings it was trained with (run.json)\n`,
    );
    return null;
  }
  const dir = runDirOf(resolve(arg));
  const info = readRunInfo(dir); // a RuntimeUserError when the folder is no run or run.json is corrupt
  const { entry, options } = rebuildOptions(dir, info);
  return { entry, options: { ...options, ...extra }, run: { arg, info } };
}

/** Builds the model `arg` names; null (after printing why) when it cannot. */
export function buildModelArg(arg: string, opts: ArgOptions, io: Io): ArgModel | null {
  try {
    const src = sourceOf(arg, opts, io);
    if (src === null) return null;
    const r = buildProgram(src.entry, src.options);
    const errors = printDiagnostics(r.diagnostics, r.sources, io);
    if (r.model === undefined || errors > 0) {
      if (errors === 0) io.err(`error: \`${arg}\` defines no model\n`);
      return null;
    }
    const { lowered, trace, graph } = r.model;
    // the drop is cut after lowering: `lowered` has all the trained layers, and the first trace
    // entry is the lowered graph without those layers
    const drop = src.options.drop;
    const dropped = drop !== undefined && !dropsNothing(drop);
    const shown = dropped ? { ...lowered, graph: trace[0]!.graph } : lowered;
    const runNotes =
      src.run === undefined
        ? undefined
        : [
            `run ${src.run.arg}, rebuilt from its source snapshot`,
            ...(dropped ? dropLines(src.run.info, lowered.graph, drop) : []),
          ];
    return { lowered: shown, graph, ...(runNotes === undefined ? {} : { runNotes }) };
  } catch (e) {
    if (!(e instanceof RuntimeUserError) && !(e instanceof DropError)) throw e;
    io.err(`error: ${e.message}\n`);
    return null;
  }
}
