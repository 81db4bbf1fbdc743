// Diagnostics as plain data, and the bag that collects them: user errors are collected, never thrown.
import type { Span } from "./source.ts";

export type Severity = "error" | "warning";

/** A secondary location that explains a diagnostic (e.g. the line inside a block that caused it). */
export interface RelatedInfo {
  readonly span: Span;
  readonly message: string;
}

/** One finding about the user's input. `code` is `ARCH` + 4 digits (see messages/). */
export interface Diagnostic {
  readonly code: string;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly hint?: string;
  readonly related?: readonly RelatedInfo[];
}

/** Collects diagnostics in the order they are found. */
export class DiagnosticBag {
  private readonly items: Diagnostic[] = [];

  add(d: Diagnostic): void {
    this.items.push(d);
  }

  addAll(ds: readonly Diagnostic[]): void {
    for (const d of ds) this.items.push(d);
  }

  get all(): readonly Diagnostic[] {
    return this.items;
  }

  get hasErrors(): boolean {
    return this.items.some((d) => d.severity === "error");
  }
}

/**
 * An internal compiler error: a broken invariant, never a user's mistake.
 * The CLI prints these with the ICE prefix and exits with status 2.
 */
export class InternalCompilerError extends Error {
  override readonly name = "InternalCompilerError";
}

/** Sort diagnostics by file, then position, keeping the original order for ties. */
export function sortDiagnostics(ds: readonly Diagnostic[]): Diagnostic[] {
  return ds
    .map((d, i) => ({ d, i }))
    .sort(
      (a, b) =>
        a.d.span.file.localeCompare(b.d.span.file) || a.d.span.start - b.d.span.start || a.i - b.i,
    )
    .map((x) => x.d);
}
