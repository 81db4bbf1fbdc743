// Renders a diagnostic for people: "file:line:col error ARCH1001: message", the source line, a caret
// underline, hints. Columns count characters; user text is shown with its control characters escaped.
import type { Diagnostic } from "./diagnostic.ts";
import { printable } from "./printable.ts";
import { charCount, type SourceFile, type Span } from "./source.ts";

export interface FormatOptions {
  /** Look up the source of a file named in a span (for the related locations too). */
  readonly sources: (file: string) => SourceFile | undefined;
  /** Use ANSI colours (off for goldens and pipes). */
  readonly color?: boolean;
}

const paint = (on: boolean, code: string, s: string): string =>
  on ? `\x1b[${code}m${s}\x1b[0m` : s;

/**
 * The located excerpt for one span: `  12 | text` then a caret line. Control characters are shown
 * escaped (printable.ts), and the carets stand under the escaped text, one per character.
 */
function excerpt(span: Span, src: SourceFile | undefined, color: boolean): string[] {
  if (src === undefined) return [];
  const { line } = src.lineCol(span.start);
  const text = src.lineText(line);
  const lineStart = src.lineStart(line);
  const from = Math.min(span.start - lineStart, text.length);
  const to = Math.min(Math.max(span.end - lineStart, from), text.length);
  const before = printable(text.slice(0, from));
  const marked = charCount(printable(text.slice(from, to)));
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const caretPad = [...before].map((c) => (c === "\t" ? "\t" : " ")).join("");
  return [
    `${pad} |`,
    `${gutter} | ${printable(text)}`,
    `${pad} | ${caretPad}${paint(color, "31", "^".repeat(Math.max(1, marked)))}`,
  ];
}

/** `file:line:col` for a span. */
export function location(span: Span, src: SourceFile | undefined): string {
  if (src === undefined) return printable(span.file);
  const { line, col } = src.lineCol(span.start);
  return `${printable(span.file)}:${line}:${col}`;
}

/** Format one diagnostic as several lines of text (no trailing newline). */
export function formatDiagnostic(d: Diagnostic, opts: FormatOptions): string {
  const color = opts.color ?? false;
  const src = opts.sources(d.span.file);
  const sev =
    d.severity === "error" ? paint(color, "1;31", "error") : paint(color, "1;33", "warning");
  const lines = [
    `${location(d.span, src)} ${sev} ${d.code}: ${printable(d.message)}`,
    ...excerpt(d.span, src, color),
  ];
  for (const r of d.related ?? []) {
    const rsrc = opts.sources(r.span.file);
    lines.push(
      `  ${location(r.span, rsrc)} note: ${printable(r.message)}`,
      ...excerpt(r.span, rsrc, color).map((l) => `  ${l}`),
    );
  }
  if (d.hint !== undefined) lines.push(`  = hint: ${printable(d.hint)}`);
  return lines.join("\n");
}
