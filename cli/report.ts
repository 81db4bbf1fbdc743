// Printing diagnostics for people: every diagnostic through formatDiagnostic, sorted by position,
// and a closing summary ("2 errors in 1 file").
import { type Diagnostic, sortDiagnostics } from "../grammar/core/diagnostic.ts";
import { formatDiagnostic } from "../grammar/core/format-diagnostic.ts";
import type { SourceFile } from "../grammar/core/source.ts";
import type { Io } from "./command.ts";

/** Print diagnostics to stderr; returns how many were errors. */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceFile>,
  io: Io,
): number {
  let errors = 0;
  for (const d of sortDiagnostics(diagnostics)) {
    if (d.severity === "error") errors++;
    io.err(formatDiagnostic(d, { sources: (f) => sources.get(f), color: io.color }) + "\n\n");
  }
  return errors;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "3 files checked, no errors" or "2 errors in 1 file (3 files checked)". */
export function summary(files: number, errors: number, failedFiles: number, warnings = 0): string {
  const warn = warnings > 0 ? `, ${plural(warnings, "warning")}` : "";
  if (errors === 0) return `${plural(files, "file")} checked, no errors${warn}`;
  return `${plural(errors, "error")} in ${plural(failedFiles, "file")}${warn} (${plural(files, "file")} checked)`;
}
