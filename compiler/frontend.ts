// The front end's single entry point for a file: read it, parse it, and check it (the whole program
// as compile builds it, compiler/program.ts, but codegen). `archc check` goes through diagnoseFile.
import { readFileSync } from "node:fs";
import type { Module } from "../grammar/ast.ts";
import type { Diagnostic } from "../grammar/core/diagnostic.ts";
import { SourceFile } from "../grammar/core/source.ts";
import { parse } from "../grammar/parse.ts";
import { unreadableSource } from "./lower/source-guard.ts";
import { buildProgram } from "./program.ts";
import { SourceReadError } from "./file-errors.ts";

export { SourceReadError };

/** The reason in plain words for a failed read or write (`no such file`, `is a directory`, …). */
export function reasonOf(e: unknown): string {
  const code = (e as { code?: unknown }).code;
  switch (code) {
    case "ENOENT":
      return "no such file";
    case "EISDIR":
      return "is a directory";
    case "EACCES":
    case "EPERM":
      return "permission denied";
    case "ENOTDIR":
      return "a part of the path is not a directory";
    case "EEXIST":
      return "a file is in the way";
    case "EROFS":
      return "the file system is read-only";
    case "ENOSPC":
      return "no space left on the device";
    default:
      return e instanceof Error ? e.message : String(e);
  }
}

/** Read a source file as UTF-8, or throw SourceReadError (a device, FIFO or huge file is never opened). */
export function readSource(path: string): SourceFile {
  try {
    const refused = unreadableSource(path);
    if (refused !== undefined) throw new SourceReadError(path, refused);
    return new SourceFile(path, readFileSync(path, "utf8"));
  } catch (e) {
    if (e instanceof SourceReadError) throw e;
    throw new SourceReadError(path, reasonOf(e));
  }
}

/** Everything the front end knows about one file. */
export interface Diagnosis {
  readonly file: string;
  readonly module: Module;
  /** All findings, in the order they were found (sort with sortDiagnostics to print). */
  readonly diagnostics: readonly Diagnostic[];
  /** Every source file a diagnostic may point into (the file itself and, later, its imports). */
  readonly sources: ReadonlyMap<string, SourceFile>;
}

/** Read, parse and check one file (`overrides`: `--set` flags). Throws SourceReadError if it cannot be read. */
export function diagnoseFile(path: string, overrides: readonly string[] = []): Diagnosis {
  return diagnoseSource(readSource(path), overrides);
}

/** Parse and check `source` as the file at its path (an editor's unsaved text: `archc lsp`). */
export function diagnoseSource(source: SourceFile, overrides: readonly string[] = []): Diagnosis {
  const path = source.path;
  const { module, diagnostics } = parse(source.text, path);
  if (diagnostics.some((d) => d.severity === "error"))
    return { file: path, module, diagnostics, sources: new Map([[path, source]]) };
  // No syntax errors: resolve imports, lower, optimize and grow, each verified (semantic
  // diagnostics, growth events the model cannot follow, imported files' sources).
  const built = buildProgram(path, { text: source.text, overrides });
  return {
    file: path,
    module,
    diagnostics: built.diagnostics,
    sources: new Map([[path, source], ...built.sources]),
  };
}
