// Characters that must never reach a terminal or generated code raw, and how they are shown: C0
// and C1 controls, DEL, the line separators U+2028/U+2029 and the bidirectional overrides and
// isolates (a "Trojan source" reorders what is shown). `\x1b`, `\u202e`; `\n`, `\r`, `\t` short.
// Diagnostics (format-diagnostic.ts) keep tabs; generated code (compiler/codegen/escape.ts) does not.

/** Every unsafe character but tab. */
const UNSAFE_BUT_TAB =
  /[\u0000-\u0008\u000a-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/** Every unsafe character, tab too, and lone surrogates (not valid text in a program). */
export const UNSAFE_IN_CODE =
  /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

const SHORT: Readonly<Record<string, string>> = { "\n": "\\n", "\r": "\\r", "\t": "\\t" };

/** `\n`, `\r`, `\t`, or `\xNN` / `\uNNNN` for any other character. */
export function escapeChar(c: string): string {
  const short = SHORT[c];
  if (short !== undefined) return short;
  const code = c.charCodeAt(0);
  return code <= 0xff
    ? `\\x${code.toString(16).padStart(2, "0")}`
    : `\\u${code.toString(16).padStart(4, "0")}`;
}

/** `text` safe to print to a terminal: every control character but tab shown escaped (`\x1b`). */
export function printable(text: string): string {
  return text.replace(UNSAFE_BUT_TAB, escapeChar);
}
