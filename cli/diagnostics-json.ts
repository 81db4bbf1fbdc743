// Diagnostics for machines (`archc check --format json`): editors, CI annotations and scripts read
// one JSON document on stdout. Lines and columns are 1-based; columns count characters (code
// points), as the text format does; `end` is the position just past the last character.
import { type Diagnostic, sortDiagnostics } from "../grammar/core/diagnostic.ts";
import type { SourceFile, Span } from "../grammar/core/source.ts";

/** The format's version: bumped when a field changes meaning or goes away. */
export const DIAGNOSTICS_JSON_VERSION = 1;

export interface JsonPosition {
  readonly line: number;
  readonly col: number;
}

export interface JsonRange {
  readonly start: JsonPosition;
  readonly end: JsonPosition;
}

export interface JsonDiagnostic {
  readonly file: string;
  /** null when the file's text is not at hand (never for a file that was read). */
  readonly range: JsonRange | null;
  readonly code: string;
  readonly severity: Diagnostic["severity"];
  readonly message: string;
  readonly hint?: string;
  readonly related?: readonly { file: string; range: JsonRange | null; message: string }[];
}

export interface DiagnosticsJson {
  readonly version: number;
  /** The files named on the command line, in order. */
  readonly files: readonly string[];
  readonly diagnostics: readonly JsonDiagnostic[];
  /** Files that could not be read (no diagnostics can point into them). */
  readonly unreadable: readonly { file: string; message: string }[];
  readonly summary: { readonly files: number; readonly errors: number; readonly warnings: number };
}

function rangeOf(span: Span, src: SourceFile | undefined): JsonRange | null {
  if (src === undefined) return null;
  return { start: src.lineCol(span.start), end: src.lineCol(span.end) };
}

/** One diagnostic with its range resolved against `sources`. */
export function diagnosticJson(
  d: Diagnostic,
  sources: ReadonlyMap<string, SourceFile>,
): JsonDiagnostic {
  return {
    file: d.span.file,
    range: rangeOf(d.span, sources.get(d.span.file)),
    code: d.code,
    severity: d.severity,
    message: d.message,
    ...(d.hint === undefined ? {} : { hint: d.hint }),
    ...(d.related === undefined || d.related.length === 0
      ? {}
      : {
          related: d.related.map((r) => ({
            file: r.span.file,
            range: rangeOf(r.span, sources.get(r.span.file)),
            message: r.message,
          })),
        }),
  };
}

/** Collects the findings of one `check` run and renders them as one document. */
export class DiagnosticsCollector {
  private readonly found: JsonDiagnostic[] = [];
  private readonly unreadable: { file: string; message: string }[] = [];

  constructor(private readonly files: readonly string[]) {}

  add(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, SourceFile>): void {
    for (const d of sortDiagnostics(diagnostics)) this.found.push(diagnosticJson(d, sources));
  }

  addUnreadable(file: string, message: string): void {
    this.unreadable.push({ file, message });
  }

  get errors(): number {
    return this.found.filter((d) => d.severity === "error").length + this.unreadable.length;
  }

  render(): string {
    const doc: DiagnosticsJson = {
      version: DIAGNOSTICS_JSON_VERSION,
      files: this.files,
      diagnostics: this.found,
      unreadable: this.unreadable,
      summary: {
        files: this.files.length,
        errors: this.errors,
        warnings: this.found.filter((d) => d.severity === "warning").length,
      },
    };
    return `${JSON.stringify(doc, null, 2)}\n`;
  }
}
