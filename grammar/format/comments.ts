// Comment bookkeeping for the formatter: a cursor over the module's comments in source order, and
// source scanning that skips comments (finding a body's braces, blank lines between items).
import type { Comment } from "../ast.ts";
import { LINE_END, nextLineEnd, normalizeLineEnds } from "../core/source.ts";

/** The comments of one file, consumed in source order as the printer walks the tree. */
export class CommentQueue {
  private readonly items: readonly Comment[];
  private next = 0;

  constructor(
    private readonly text: string,
    comments: readonly Comment[],
  ) {
    this.items = [...comments].sort((a, b) => a.span.start - b.span.start);
  }

  /** The next comment not yet printed. */
  peek(): Comment | undefined {
    return this.items[this.next];
  }

  /** Whether an unprinted comment starts before `offset`. */
  anyBefore(offset: number): boolean {
    const c = this.peek();
    return c !== undefined && c.span.start < offset;
  }

  /** Take every unprinted comment that starts before `offset`. */
  takeBefore(offset: number): Comment[] {
    const out: Comment[] = [];
    for (let c = this.peek(); c !== undefined && c.span.start < offset; c = this.peek()) {
      out.push(c);
      this.next++;
    }
    return out;
  }

  /**
   * Take the comments that continue the source line ending at `from` (nothing but spaces and `;`
   * between them), stopping before `limit`.
   */
  takeSameLine(from: number, limit: number): Comment[] {
    const out: Comment[] = [];
    let at = from;
    for (let c = this.peek(); c !== undefined && c.span.start < limit; c = this.peek()) {
      if (!/^[ \t;]*$/.test(this.text.slice(at, c.span.start))) break;
      out.push(c);
      this.next++;
      at = c.span.end;
    }
    return out;
  }

  /** Every comment not yet printed. */
  rest(): Comment[] {
    return this.takeBefore(Infinity);
  }

  /** The comment as written (a line comment without its trailing spaces). */
  source(c: Comment): string {
    const s = this.text.slice(c.span.start, c.span.end);
    return c.block ? normalizeLineEnds(s) : s.trimEnd();
  }
}

/** Whether the text between two offsets holds an empty line. */
export function blankBetween(text: string, from: number, to: number): boolean {
  return from < to && /\n[ \t;]*\n/.test(normalizeLineEnds(text.slice(from, to)));
}

/** Whether the text between two offsets is all on one line. */
export function oneLine(text: string, from: number, to: number): boolean {
  return !LINE_END.test(text.slice(from, to));
}

/**
 * The offset of the next `ch` at or after `from`, skipping comments (a comment may hold braces).
 * Only called where the grammar guarantees the character follows (a body's `{` or `}`).
 */
export function findChar(text: string, from: number, ch: "{" | "}"): number {
  let i = from;
  while (i < text.length) {
    const c = text[i];
    if (c === ch) return i;
    if (c === "/" && text[i + 1] === "/") {
      i = nextLineEnd(text, i);
    } else if (c === "/" && text[i + 1] === "*") {
      const end = text.indexOf("*/", i + 2);
      i = end < 0 ? text.length : end + 2;
    } else {
      i++;
    }
  }
  return text.length;
}
