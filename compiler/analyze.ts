// The compiler's public front door: parse + resolve + lower + verify one file. Never throws for a
// user's mistake (those are diagnostics); an InternalCompilerError means a compiler bug.
import { DiagnosticBag, sortDiagnostics, type Diagnostic } from "../grammar/core/diagnostic.ts";
import type { Module } from "../grammar/ast.ts";
import type { SourceFile } from "../grammar/core/source.ts";
import type { Graph } from "./ir/types.ts";
import { Reporter } from "./lower/diags.ts";
import type { GrowSpec } from "./lower/grow-spec.ts";
import { lowerModule } from "./lower/lower.ts";
import { applyOverrides, overrideSource, SET_FILE } from "./lower/overrides.ts";
import { type EditAst, ModuleLoader } from "./lower/resolve.ts";
import type { TrainSpec } from "./lower/train-spec.ts";
import { names } from "../grammar/core/messages/names.ts";

export interface AnalyzedProgram {
  readonly graph: Graph;
  readonly train?: TrainSpec;
  readonly grow?: GrowSpec;
  /** The compiled model's name. */
  readonly model: string;
}

export interface AnalyzeResult {
  /** The entry file's AST (absent when the file cannot be read). */
  readonly ast?: Module;
  /** Present when the file has a model and no errors. */
  readonly program?: AnalyzedProgram;
  /** Every diagnostic of the file and the files it imports, sorted by file and position. */
  readonly diagnostics: Diagnostic[];
  /** Every source file read, by the path used in spans (for formatDiagnostic and printGraph). */
  readonly sources: Map<string, SourceFile>;
}

export interface AnalyzeOptions {
  /** Directory that relative user paths are shown against (default: process.cwd()). */
  readonly cwd?: string;
  /** Use this text instead of reading `path` (editors, tests). */
  readonly text?: string;
  /** `--set NAME=VALUE` flags: constants and train settings replaced before checking (lower/overrides.ts). */
  readonly overrides?: readonly string[];
  /** The folder whose `stdlib/` imports resolve in (default the package root; a run's `source/` snapshot). */
  readonly stdlibRoot?: string;
  /** Do not check that data files exist (rebuilding a run for sample/eval: its data may be gone). */
  readonly skipDataFiles?: boolean;
}

/** Analyzes one `.arch` file. */
export function analyzeFile(path: string, opts: AnalyzeOptions = {}): AnalyzeResult {
  const bag = new DiagnosticBag();
  const reporter = new Reporter(bag);
  const loader = new ModuleLoader(reporter, opts.cwd ?? process.cwd(), opts.stdlibRoot);
  const edit = overridesEdit(opts.overrides ?? [], loader.sources, reporter);
  const module =
    opts.text !== undefined ? loader.loadText(path, opts.text, edit) : loader.loadEntry(path, edit);
  if (module === undefined && bag.all.length > 0)
    return { diagnostics: [...bag.all], sources: loader.sources };
  if (module === undefined) {
    const span = { file: path, start: 0, end: 0 };
    reporter.report(names.importFileNotFound.with({ hint: "check the path" })(span, path));
    return { diagnostics: [...bag.all], sources: loader.sources };
  }
  const program =
    bag.hasErrors && hasSyntaxErrors(bag)
      ? undefined
      : lowerModule(module, reporter, loader.sources, {
          ...(opts.skipDataFiles === true ? { skipDataFiles: true } : {}),
        });
  return {
    ast: module.ast,
    ...(program !== undefined ? { program } : {}),
    diagnostics: sortDiagnostics(bag.all),
    sources: loader.sources,
  };
}

/** The AST edit of the `--set` flags (their pseudo file joins the sources), or none. */
function overridesEdit(
  overrides: readonly string[],
  sources: Map<string, SourceFile>,
  reporter: Reporter,
): EditAst | undefined {
  if (overrides.length === 0) return undefined;
  const source = overrideSource(overrides);
  sources.set(SET_FILE, source);
  return (ast, file) => applyOverrides(ast, source, file, (d) => reporter.report(d));
}

function hasSyntaxErrors(bag: DiagnosticBag): boolean {
  return bag.all.some((d) => d.code.startsWith("ARCH1") && d.severity === "error");
}
