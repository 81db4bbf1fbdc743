// The one escaping function for user-controlled text (file names, paths, names, strings) that
// reaches generated code. Its output is inert in every place print.ts puts text: inside a `//`
// comment (no line terminator can end it), a `/* */` or `/** */` comment (no `*/`), a "…" string
// and a `…` template (quotes, backticks, `${` and backslashes are escaped). Printable text comes
// through unchanged, so `examples/gpt.arch` reads the same in the program.
import { escapeChar, UNSAFE_IN_CODE } from "../../grammar/core/printable.ts";

/**
 * `text` made safe for generated code: one line with no control character (grammar/core/printable.ts),
 * no comment closer (star, slash), and every `\`, `"`, `` ` `` and `${` escaped. The result is the
 * body of a string or template literal with the value `text`, and a comment that shows `text` and
 * cannot end early.
 */
export function codeText(text: string): string {
  return text
    .replace(/[\\"`]|\$\{/g, (c) => `\\${c}`)
    .replace(/\*\//g, "*\\/")
    .replace(UNSAFE_IN_CODE, escapeChar);
}

/** A double-quoted string literal with the value `text`. */
export function stringLiteral(text: string): string {
  return `"${codeText(text)}"`;
}
