// The one escaping function for user-controlled text (file names, paths, names, strings) that
// reaches generated code. Its output is inert in every place print.ts puts text: inside a `//`
// comment (no line terminator can end it), a `/* */` or `/** */` comment (no `*/`), a "…" string
// and a `…` template (quotes, backticks, `${` and backslashes are escaped). Printable text comes
// through unchanged, so `examples/gpt.arch` reads the same in the program.

/** A character that can never appear raw: C0 and C1 controls, DEL, U+2028/U+2029, lone surrogates. */
const UNSAFE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/gu;

const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\n`, `\r`, `\t`, or `\xNN` / `\uNNNN` for any other unsafe character. */
function escapeChar(c: string): string {
  const short = SHORT[c];
  if (short !== undefined) return short;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/**
 * `text` made safe for generated code: a single line with no control character, no comment closer
 * (star, slash), and every
 * `\`, `"`, `` ` `` and `${` escaped. The result is the body of a string or template literal
 * with the value `text`, and a comment that shows `text` and cannot end early.
 */
export function codeText(text: string): string {
  return text
    .replace(/[\\"`]|\$\{/g, (c) => `\\${c}`)
    .replace(/\*\//g, "*\\/")
    .replace(UNSAFE, escapeChar);
}

/** A double-quoted string literal with the value `text`. */
export function stringLiteral(text: string): string {
  return `"${codeText(text)}"`;
}
