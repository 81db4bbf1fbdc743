// The formatter's output buffer: indented lines, at most one blank line in a row, no blank line at
// the start or end, and a trailing newline.

export const INDENT = "  ";

export class Writer {
  private readonly lines: string[] = [];
  /** Per line: whether it ends with a `//` comment (nothing may be appended after it). */
  private readonly endsInLineComment: boolean[] = [];
  depth = 0;

  /** Start a new line at the current indentation. */
  line(text: string, lineComment = false): void {
    this.lines.push(INDENT.repeat(this.depth) + text);
    this.endsInLineComment.push(lineComment);
  }

  /** A blank line, unless the output is empty or already ends with one. */
  blank(): void {
    const last = this.lines[this.lines.length - 1];
    if (last !== undefined && last !== "") {
      this.lines.push("");
      this.endsInLineComment.push(false);
    }
  }

  /** Append to the current line; starts a new line if the current one ends in a `//` comment. */
  append(text: string, lineComment = false): void {
    if (!this.canAppend) {
      this.line(text.trimStart(), lineComment);
      return;
    }
    const n = this.lines.length - 1;
    this.lines[n] += text;
    this.endsInLineComment[n] = lineComment;
  }

  /** The length of the current line. */
  get currentWidth(): number {
    return this.lines[this.lines.length - 1]?.length ?? 0;
  }

  /** Whether the current line can take more code (it does not end in a `//` comment). */
  get canAppend(): boolean {
    const n = this.lines.length - 1;
    return n >= 0 && this.endsInLineComment[n] !== true && this.lines[n] !== "";
  }

  toString(): string {
    const lines = [...this.lines];
    while (lines.length > 0 && lines[lines.length - 1] === "") lines.pop();
    return lines.length === 0 ? "" : lines.join("\n") + "\n";
  }
}
