// The formatter's core: walks items in source order, placing each comment where it was written
// (leading comments on their own lines above the item, same-line comments at the end of the line,
// comments inside an otherwise empty body inside it) and keeping at most one blank line.
import type { Comment } from "../ast.ts";
import type { Span } from "../core/source.ts";
import { blankBetween, CommentQueue, findChar, oneLine } from "./comments.ts";
import { Writer } from "./writer.ts";

/** The widest line a body may be kept on one line in (`repeat layers { Layer(d, heads) }`). */
export const MAX_WIDTH = 100;

export interface Spanned {
  readonly span: Span;
}

/** How a body prints its items. */
export interface ItemPrinter<T extends Spanned> {
  /** Print one item; `next` is where the next item (or the closing brace) starts. */
  readonly print: (item: T, next: number) => void;
  /** The item's text if it may sit alone on the header line (`{ MLP(d, 4 * d) }`), else undefined. */
  readonly inline?: (item: T) => string | undefined;
}

export class Printer {
  readonly w = new Writer();
  readonly comments: CommentQueue;
  /** Source offset of the end of the last thing printed (for blank-line detection). */
  private lastEnd = 0;
  /** True right after an opening brace (and at the top of the file): no blank line here. */
  private atRegionStart = true;

  constructor(
    readonly text: string,
    comments: readonly Comment[],
  ) {
    this.comments = new CommentQueue(text, comments);
  }

  /** A blank line before something starting at `start`, if forced or if the user had one. */
  private gap(start: number, force: boolean): void {
    if (force || (!this.atRegionStart && blankBetween(this.text, this.lastEnd, start)))
      this.w.blank();
    this.atRegionStart = false;
  }

  /** Print a comment on its own line. */
  private ownLine(c: Comment, force: boolean): void {
    this.gap(c.span.start, force);
    this.w.line(this.comments.source(c), !c.block);
    this.lastEnd = c.span.end;
  }

  /**
   * The comments before `before` on their own lines (those inside the item's header too), then the
   * blank line the item at `start` gets. `forceBlank` puts a blank line above all of them.
   */
  leading(start: number, before: number, forceBlank = false): void {
    let force = forceBlank;
    for (const c of this.comments.takeBefore(before)) {
      this.ownLine(c, force);
      force = false;
    }
    this.gap(start, force);
  }

  /** Comments on the same source line after `from` (and before `limit`), appended to the line. */
  trailing(from: number, limit: number): void {
    for (const c of this.comments.takeSameLine(from, limit)) this.appendComment(c);
  }

  private appendComment(c: Comment): void {
    this.w.append(` ${this.comments.source(c)}`, !c.block);
    this.lastEnd = c.span.end;
  }

  /** A one-line item: its leading and inner comments above it, its same-line comments after it. */
  simple(node: Spanned, text: string, next: number, forceBlank = false): void {
    this.leading(node.span.start, node.span.end, forceBlank);
    this.w.line(text);
    this.lastEnd = node.span.end;
    this.trailing(node.span.end, next);
  }

  /** The offset of the `{` that follows a header ending at `from`. */
  openBrace(from: number): number {
    return findChar(this.text, from, "{");
  }

  /**
   * `header { items }`. `append` continues the current line (`} else {`); `extra` are comments to
   * print right after the `{`. Returns the offset of the closing `}`.
   */
  body<T extends Spanned>(
    header: string,
    open: number,
    items: readonly T[],
    p: ItemPrinter<T>,
    opts: { readonly append?: boolean; readonly extra?: readonly Comment[] } = {},
  ): number {
    const last = items[items.length - 1];
    const close = findChar(this.text, last === undefined ? open + 1 : last.span.end, "}");
    const extra = opts.extra ?? [];
    const emit = (s: string): void =>
      opts.append === true ? this.w.append(` ${s}`) : this.w.line(s);
    const quiet = extra.length === 0 && !this.comments.anyBefore(close);
    if (quiet && items.length === 0) {
      emit(`${header} {}`);
      this.lastEnd = close + 1;
      return close;
    }
    const only = items.length === 1 ? items[0] : undefined;
    const inline =
      only !== undefined && quiet && oneLine(this.text, open, close) ? p.inline?.(only) : undefined;
    if (inline !== undefined) {
      const s = `${header} { ${inline} }`;
      const width =
        opts.append === true ? this.w.currentWidth + 1 + s.length : 2 * this.w.depth + s.length;
      if (width <= MAX_WIDTH) {
        emit(s);
        this.lastEnd = close + 1;
        return close;
      }
    }
    emit(`${header} {`);
    // Comments for the header line go after the `{`; after a `//` comment, on lines of their own.
    const inside: Comment[] = [];
    const place = (c: Comment): void =>
      this.w.canAppend ? this.appendComment(c) : void inside.push(c);
    extra.forEach(place);
    this.lastEnd = open + 1;
    this.comments.takeSameLine(open + 1, items[0]?.span.start ?? close).forEach(place);
    this.w.depth++;
    this.atRegionStart = true;
    for (const c of inside) this.ownLine(c, false);
    items.forEach((item, k) => p.print(item, items[k + 1]?.span.start ?? close));
    for (const c of this.comments.takeBefore(close)) this.ownLine(c, false);
    this.w.depth--;
    this.w.line("}");
    this.lastEnd = close + 1;
    this.atRegionStart = false;
    return close;
  }

  /** The comments left after the last declaration, then the finished text. */
  finish(): string {
    for (const c of this.comments.rest()) this.ownLine(c, false);
    return this.w.toString();
  }
}
