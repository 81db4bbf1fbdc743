// Source text and spans: a span is a pair of offsets into one file; line and column are derived on demand.

/** A half-open range [start, end) of UTF-16 offsets into one source file (columns are derived in characters). */
export interface Span {
  readonly file: string;
  readonly start: number;
  readonly end: number;
}

/** A 1-based line and a 1-based column counted in characters (code points), not UTF-16 units. */
export interface LineCol {
  readonly line: number;
  readonly col: number;
}

/**
 * The characters that end a line of .arch source, as a regex class body: LF, CR (alone, or with
 * LF as one CRLF), U+2028 and U+2029. The lexer, the formatter and line numbers all use these.
 */
export const LINE_END_CLASS = "\\n\\r\\u2028\\u2029";
/** One line end (CRLF counts once). */
export const LINE_END = new RegExp(`\\r\\n|[${LINE_END_CLASS}]`);
const LINE_END_G = new RegExp(LINE_END.source, "g");

/** `text` with every line end written as LF. */
export function normalizeLineEnds(text: string): string {
  return text.replace(LINE_END_G, "\n");
}

/** The offset of the next line end at or after `from` (the text's length if there is none). */
export function nextLineEnd(text: string, from: number): number {
  LINE_END_G.lastIndex = from;
  return LINE_END_G.exec(text)?.index ?? text.length;
}

/** The number of characters (code points) in `text`: an astral character counts once. */
export function charCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff || !isLowSurrogate(text.charCodeAt(i + 1))) n++;
  }
  return n;
}

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** One source file with a lazily built line index. */
export class SourceFile {
  private lines: { starts: number[]; ends: number[] } | undefined;

  constructor(
    readonly path: string,
    readonly text: string,
  ) {}

  /** 1-based line and column of an offset (clamped to the text); the column counts characters. */
  lineCol(offset: number): LineCol {
    const { starts } = this.index();
    const clamped = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if ((starts[mid] ?? 0) <= clamped) lo = mid;
      else hi = mid - 1;
    }
    const start = starts[lo] ?? 0;
    return { line: lo + 1, col: charCount(this.text.slice(start, clamped)) + 1 };
  }

  /** The offset where a 1-based line starts (the text's length past the last line). */
  lineStart(line: number): number {
    return this.index().starts[line - 1] ?? this.text.length;
  }

  /** The text of a 1-based line, without its line end. */
  lineText(line: number): string {
    const { starts, ends } = this.index();
    const start = starts[line - 1];
    if (start === undefined) return "";
    return this.text.slice(start, ends[line - 1]);
  }

  get lineCount(): number {
    return this.index().starts.length;
  }

  private index(): { starts: number[]; ends: number[] } {
    if (this.lines === undefined) {
      const starts = [0];
      const ends: number[] = [];
      for (const m of this.text.matchAll(LINE_END_G)) {
        ends.push(m.index);
        starts.push(m.index + m[0].length);
      }
      ends.push(this.text.length);
      this.lines = { starts, ends };
    }
    return this.lines;
  }
}

/** A span covering both a and b (which must be in the same file). */
export function joinSpans(a: Span, b: Span): Span {
  return { file: a.file, start: Math.min(a.start, b.start), end: Math.max(a.end, b.end) };
}
