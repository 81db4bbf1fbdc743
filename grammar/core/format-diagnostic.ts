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

/** Source lines longer than this many characters are shown cut around the span (`…` at a cut). */
export const MAX_EXCERPT = 160;
/** Characters kept on each side of the span in a cut line. */
const CONTEXT = 60;

/**
 * The part of a line to show, split at the span: before it, the marked text, after it. A line of
 * at most MAX_EXCERPT characters is whole; a longer one keeps CONTEXT characters around the span
 * (and at most MAX_EXCERPT of a long span), a cut marked with `…`. Offsets are in UTF-16 units.
 */
function lineParts(text: string, from: number, to: number): [string, string, string] {
  if (charCount(text) <= MAX_EXCERPT)
    return [text.slice(0, from), text.slice(from, to), text.slice(to)];
  const chars = Array.from(text); // by character, so a cut never splits a surrogate pair
  const cFrom = charCount(text.slice(0, from));
  const cTo = cFrom + charCount(text.slice(from, to));
  const start = Math.max(0, cFrom - CONTEXT);
  const markEnd = Math.min(cTo, cFrom + MAX_EXCERPT);
  const end = Math.min(chars.length, Math.max(markEnd, cFrom + 1) + CONTEXT);
  return [
    `${start > 0 ? "…" : ""}${chars.slice(start, cFrom).join("")}`,
    chars.slice(cFrom, markEnd).join(""),
    `${chars.slice(markEnd, end).join("")}${end < chars.length ? "…" : ""}`,
  ];
}

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
  const [head, mark, tail] = lineParts(text, from, to).map(printable) as [string, string, string];
  const marked = charCount(mark);
  const gutter = String(line);
  const pad = " ".repeat(gutter.length);
  const caretPad = [...head].map((c) => (c === "\t" ? "\t" : " ")).join("");
  return [
    `${pad} |`,
    `${gutter} | ${head}${mark}${tail}`,
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
