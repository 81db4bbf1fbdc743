// Number and string literal decoding with precise diagnostics (`1.2.3`, `3e`, `0x`, `\q`, overflow).
// The lexers take a whole number-like run (numberEnd) as one token so that these checks see all of it.
import type { Diagnostic } from "./core/diagnostic.ts";
import type { Span } from "./core/source.ts";
import { syntax } from "./core/messages/syntax.ts";

export type NumberValue = { readonly kind: "int" | "float"; readonly value: number };

const MAX_INT = 2n ** 53n;

const isWordChar = (c: number): boolean =>
  (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * The end of the number-like run at `offset`, or -1 when none starts there: a digit (or `.` then
 * a digit), then letters, digits, `_`, `.`, and a sign right after an exponent `e`. A `.` before
 * `{` is left out (`1.{` never occurs in valid input, and an import-like typo keeps its dot).
 * Used by the lexer (tokens.ts NumberLit); decodeNumber validates the run.
 */
export function numberEnd(text: string, offset: number): number {
  let i = offset;
  const first = text.charCodeAt(i);
  if (first === 46) {
    const next = text.charCodeAt(i + 1);
    if (!(next >= 48 && next <= 57)) return -1;
  } else if (!(first >= 48 && first <= 57)) {
    return -1;
  }
  const hex = first === 48 && (text.charCodeAt(i + 1) | 32) === 120;
  i++;
  for (;;) {
    const c = text.charCodeAt(i);
    if (isWordChar(c)) i++;
    else if (c === 46 && text.charCodeAt(i + 1) !== 123) i++;
    else if ((c === 43 || c === 45) && !hex && (text.charCodeAt(i - 1) | 32) === 101) i++;
    else return i;
  }
}

/** Why a number-like token is not a number, or undefined when it is one. */
function whyBad(text: string): string | undefined {
  if (/^0[xX]/.test(text)) {
    const digits = text.slice(2);
    if (!/[0-9a-fA-F]/.test(digits)) return "`0x` must be followed by hexadecimal digits";
    if (!/^[0-9a-fA-F_]+$/.test(digits))
      return "a hexadecimal number has only the digits 0-9 and a-f";
    return undefined;
  }
  if ((text.match(/\./g) ?? []).length > 1) return "a number has at most one `.`";
  const m = /^([0-9_]*)(\.[0-9_]*)?(.*)$/.exec(text);
  const rest = m?.[3] ?? "";
  if (rest === "") return undefined;
  if (/^[eE]/.test(rest)) {
    if (/^[eE][+-]?$/.test(rest)) return "the exponent has no digits";
    if (/^[eE][+-]?[0-9][0-9_]*$/.test(rest)) return undefined;
    return "an exponent is written like `3e-4` or `1.5E+3`";
  }
  return "a name cannot start with a digit, and a number cannot contain letters";
}

/** Decode a NumberLit token's text; reports a diagnostic and returns 0 when it is not valid. */
export function decodeNumber(text: string, span: Span, diags: Diagnostic[]): NumberValue {
  // Fast path for plain decimal integers, by far the most common literal.
  if (text.length <= 15 && /^[0-9]+$/.test(text)) return { kind: "int", value: Number(text) };
  if (text.length <= 15 && /^[0-9]+\.[0-9]+$/.test(text))
    return { kind: "float", value: Number(text) };
  const why = whyBad(text);
  const isFloat = !/^0[xX]/.test(text) && /[.eE]/.test(text);
  if (why !== undefined) {
    diags.push(syntax.badNumber(span, text, why));
    return { kind: isFloat ? "float" : "int", value: 0 };
  }
  const clean = text.replace(/_/g, "");
  if (!isFloat) {
    const big = BigInt(clean);
    if (big > MAX_INT) {
      diags.push(syntax.numberTooLarge(span, text));
      return { kind: "int", value: 0 };
    }
    return { kind: "int", value: Number(big) };
  }
  const value = Number(clean.endsWith(".") ? clean + "0" : clean);
  if (!Number.isFinite(value)) {
    diags.push(
      syntax.numberTooLarge.with({ hint: "the largest float is about 1.8e308" })(span, text),
    );
    return { kind: "float", value: 0 };
  }
  return { kind: "float", value };
}

const ESCAPES: Record<string, string> = { '"': '"', "\\": "\\", n: "\n", t: "\t" };

/**
 * Decode a StringLit token (quotes included; the closing one is missing when the string is
 * unterminated, which the lexer reports). Unknown escapes are reported and kept as written.
 */
export function decodeString(
  text: string,
  closed: boolean,
  start: number,
  file: string,
  diags: Diagnostic[],
): string {
  const body = text.slice(1, closed ? -1 : undefined);
  if (!body.includes("\\")) return body;
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c !== "\\") {
      out += c;
      continue;
    }
    const next = body[i + 1] ?? "";
    const mapped = ESCAPES[next];
    if (mapped === undefined) {
      const at = start + 1 + i;
      diags.push(syntax.badEscape({ file, start: at, end: at + 1 + next.length }, `\\${next}`));
      out += next;
    } else {
      out += mapped;
    }
    i++;
  }
  return out;
}
