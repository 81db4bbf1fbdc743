// Terminal conventions shared by `archc` and the generated programs: a stream is judged on its own
// (redraw only where that stream is a terminal), colour follows NO_COLOR (https://no-color.org:
// set and non-empty turns colour off, and only colour), and text is fitted to the terminal width.

/** What the terminal code needs of a stream: process.stdout and process.stderr are ones. */
export interface TerminalStream {
  readonly isTTY?: boolean | undefined;
  /** Columns of the terminal (Node sets it on a TTY stream and updates it on resize). */
  readonly columns?: number | undefined;
}

/** True when `env` asks for no colour: NO_COLOR set to a non-empty value. */
export function noColor(env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  const v = env["NO_COLOR"];
  return v !== undefined && v !== "";
}

/** Colour on `stream`: only on a terminal, and not when NO_COLOR asks for none. */
export function colorOn(
  stream: TerminalStream,
  env: Readonly<Record<string, string | undefined>> = process.env,
): boolean {
  return stream.isTTY === true && !noColor(env);
}

/** Width a redrawn line may take on `stream`: one less than its columns (a full row wraps on some
 *  terminals), 80 when it reports none. */
export function lineWidth(stream: TerminalStream): number {
  const c = stream.columns;
  return c !== undefined && Number.isFinite(c) && c > 1 ? Math.floor(c) - 1 : 79;
}

const SGR = /\x1b\[[0-9;]*m/g;

/** Printed width of `text`: its characters without colour codes (the bar's glyphs are one column). */
export function visibleWidth(text: string): number {
  return [...text.replace(SGR, "")].length;
}

/** `text` cut to `width` columns (an ellipsis marks the cut); colour codes are kept out of cuts. */
export function fitWidth(text: string, width: number): string {
  if (visibleWidth(text) <= width) return text;
  const plain = [...text.replace(SGR, "")];
  return width <= 1
    ? plain.slice(0, Math.max(0, width)).join("")
    : plain.slice(0, width - 1).join("") + "…";
}
