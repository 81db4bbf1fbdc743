// The programmatic API, `import { … } from "archc"`: parse, check, report, compile and train an
// .arch file, and run the command line in-process. The runtime that generated programs use is
// `archc/runtime` (runtime/index.ts). Every function reports a user's mistake as diagnostics (or an
// exit status with the message on `err`), never by throwing; docs/api.md documents each one.
import type { Diagnostic } from "../grammar/core/diagnostic.ts";
import { sortDiagnostics } from "../grammar/core/diagnostic.ts";
import { formatDiagnostic } from "../grammar/core/format-diagnostic.ts";
import type { SourceFile } from "../grammar/core/source.ts";
import { buildProgram, type Program, type ProgramOptions } from "../compiler/program.ts";
import { programReport, type Report } from "../compiler/report/index.ts";
import { main, processIo } from "../cli/main.ts";
import type { Io } from "../cli/command.ts";

export { parse, type ParseResult } from "../grammar/parse.ts";
export { formatSource, type FormatResult } from "../grammar/format/index.ts";
export type { Diagnostic, Severity } from "../grammar/core/diagnostic.ts";
export type { SourceFile, Span } from "../grammar/core/source.ts";
export { formatReport, reportJson, type Report } from "../compiler/report/index.ts";
export {
  compileFile as compile,
  writeOutput,
  type CompileOptions,
  type CompileResult,
  type OutputFile,
} from "../compiler/compile.ts";
export { archcVersion as version } from "../compiler/version.ts";

/** Options of check and report: the text to use instead of reading the file, the cwd for paths. */
export type CheckOptions = Pick<ProgramOptions, "cwd" | "text" | "optimize" | "moeStrategy">;

export interface CheckResult {
  /** Every diagnostic of the file and its imports, sorted by file and position. */
  readonly diagnostics: readonly Diagnostic[];
  /** Every source file read, by the path used in spans (for formatDiagnostics). */
  readonly sources: ReadonlyMap<string, SourceFile>;
  /** The number of errors (warnings aside): 0 means the file compiles. */
  readonly errors: number;
}

/** Checks one .arch file and the files it imports, as `archc check` does. */
export function check(path: string, opts: CheckOptions = {}): CheckResult {
  return checked(buildProgram(path, opts));
}

function checked(p: Program): CheckResult {
  const diagnostics = sortDiagnostics(p.diagnostics);
  const errors = diagnostics.filter((d) => d.severity === "error").length;
  return { diagnostics, sources: p.sources, errors };
}

/** Diagnostics as `archc check` prints them (file:line:col, the code, the source line, hints). */
export function formatDiagnostics(
  result: Pick<CheckResult, "diagnostics" | "sources">,
  opts: { readonly color?: boolean } = {},
): string {
  const sources = (f: string) => result.sources.get(f);
  return result.diagnostics
    .map((d) => `${formatDiagnostic(d, { sources, color: opts.color ?? false })}\n\n`)
    .join("");
}

export interface ReportResult extends CheckResult {
  /** Per-block shapes, parameters, FLOPs and memory; absent when there are errors or no model. */
  readonly report?: Report;
}

/** The static report of a file's model (`archc check --report`); `batch` overrides the train section's. */
export function report(
  path: string,
  opts: CheckOptions & { readonly batch?: number } = {},
): ReportResult {
  const p = buildProgram(path, opts);
  const result = checked(p);
  if (p.model === undefined || result.errors > 0) return result;
  const figures = programReport(p.model.lowered, {
    ...(opts.batch === undefined ? {} : { batch: opts.batch }),
    ...(opts.optimize === true ? { graph: p.model.graph } : {}),
  });
  return { ...result, report: figures };
}

/** Where train and run write; each defaults to this process's stdout and stderr. */
export interface OutputOptions {
  readonly out?: (text: string) => void;
  readonly err?: (text: string) => void;
  /** Colour in diagnostics (default: as the process's stderr allows). */
  readonly color?: boolean;
}

function ioOf(opts: OutputOptions): Io {
  const base = processIo();
  return {
    out: opts.out ?? base.out,
    err: opts.err ?? base.err,
    color: opts.color ?? base.color,
  };
}

/**
 * Compiles `path` into out/<name>/ under the cwd and trains it in this process, as
 * `archc train path ...args` does (`args`: the program's flags, e.g. ["--steps", "20"]).
 * Resolves to the exit status (0 trained, 1 errors in the file or a failed run, 2 bad flags).
 */
export function train(
  path: string,
  opts: OutputOptions & { readonly args?: readonly string[] } = {},
): Promise<number> {
  return main(["train", path, ...(opts.args ?? [])], ioOf(opts));
}

/** Runs the command line in-process (`run(["check", "a.arch"])`); resolves to the exit status. */
export function run(argv: readonly string[], opts: OutputOptions = {}): Promise<number> {
  return main(argv, ioOf(opts));
}
