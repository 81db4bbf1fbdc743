// Printing diagnostics for people: every diagnostic through formatDiagnostic, sorted by position,
// at most MAX_PRINTED_PER_FILE per file, and a closing summary ("2 errors in 1 file").
import { type Diagnostic, sortDiagnostics } from "../grammar/core/diagnostic.ts";
import { formatDiagnostic } from "../grammar/core/format-diagnostic.ts";
import { printable } from "../grammar/core/printable.ts";
import type { SourceFile } from "../grammar/core/source.ts";
import type { Io } from "./command.ts";

/** Diagnostics printed per file; the rest are counted in one "N more" line. */
export const MAX_PRINTED_PER_FILE = 100;

/** Print diagnostics to stderr (at most MAX_PRINTED_PER_FILE per file); returns how many were errors. */
export function printDiagnostics(
  diagnostics: readonly Diagnostic[],
  sources: ReadonlyMap<string, SourceFile>,
  io: Io,
): number {
  let errors = 0;
  const printed = new Map<string, number>();
  const hidden = new Map<string, number>();
  for (const d of sortDiagnostics(diagnostics)) {
    if (d.severity === "error") errors++;
    const n = printed.get(d.span.file) ?? 0;
    if (n >= MAX_PRINTED_PER_FILE) {
      hidden.set(d.span.file, (hidden.get(d.span.file) ?? 0) + 1);
      continue;
    }
    printed.set(d.span.file, n + 1);
    io.err(formatDiagnostic(d, { sources: (f) => sources.get(f), color: io.color }) + "\n\n");
  }
  for (const [file, n] of hidden)
    io.err(
      `${printable(file)}: ${plural(n, "more diagnostic")} not shown (the first ${MAX_PRINTED_PER_FILE} are above)\n\n`,
    );
  return errors;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;

/** "3 files checked, no errors" or "2 errors in 1 file (3 files checked)". */
export function summary(files: number, errors: number, failedFiles: number, warnings = 0): string {
  const warn = warnings > 0 ? `, ${plural(warnings, "warning")}` : "";
  if (errors === 0) return `${plural(files, "file")} checked, no errors${warn}`;
  return `${plural(errors, "error")} in ${plural(failedFiles, "file")}${warn} (${plural(files, "file")} checked)`;
}
