// Renders a diagnostic for people: "file:line:col error ARCH1001: message", the source line, a caret underline, hints.
import type { Diagnostic } from "./diagnostic.ts";
import type { SourceFile, Span } from "./source.ts";

export interface FormatOptions {
  /** Look up the source of a file named in a span (for the related locations too). */
  readonly sources: (file: string) => SourceFile | undefined;
  /** Use ANSI colours (off for goldens and pipes). */
  readonly color?: boolean;
}

const paint = (on: boolean, code: string, s: string): string =>
  on ? `\x1b[${code}m${s}\x1b[0m` : s;

/** The located excerpt for one span: `  12 | text` then a caret line. */
function excerpt(span: Span, src: SourceFile | undefined, color: boolean): string[] {
  if (src === undefined) return [];
  const { line, col } = src.lineCol(span.start);
  const text = src.lineText(line);
  const endOnLine = src.lineCol(Math.max(span.start, span.end - 1));
  const width =
    endOnLine.line === line
      ? Math.max(1, endOnLine.col - col + 1)
      : Math.max(1, text.length - col + 1);
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const caretPad = text.slice(0, col - 1).replace(/[^\t]/g, " ");
  return [
    `${pad} |`,
    `${gutter} | ${text}`,
    `${pad} | ${caretPad}${paint(color, "31", "^".repeat(Math.min(width, Math.max(1, text.length - col + 2))))}`,
  ];
}

/** `file:line:col` for a span. */
export function location(span: Span, src: SourceFile | undefined): string {
  if (src === undefined) return span.file;
  const { line, col } = src.lineCol(span.start);
  return `${span.file}:${line}:${col}`;
}

/** Format one diagnostic as several lines of text (no trailing newline). */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions): string {
  const color = opts.color ?? false;
  const src = opts.sources(d.span.file);
  const sev =
    d.severity === "error" ? paint(color, "1;31", "error") : paint(color, "1;33", "warning");
  const lines = [
    `${location(d.span, src)} ${sev} ${d.code}: ${d.message}`,
    ...excerpt(d.span, src, color),
  ];
  for (const r of d.related ?? []) {
    const rsrc = opts.sources(r.span.file);
    lines.push(
      `  ${location(r.span, rsrc)} note: ${r.message}`,
      ...excerpt(r.span, rsrc, color).map((l) => `  ${l}`),
    );
  }
  if (d.hint !== undefined) lines.push(`  = hint: ${d.hint}`);
  return lines.join("\n");
}
