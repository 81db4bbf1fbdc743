// The hand-written lexer (grammar/lexer.ts) must yield exactly what chevrotain's lexer yields for
// the token table (grammar/tokens.ts archLexer): same tokens, comments, unclosed comments and
// errors, compared field by field on every `.arch` file of the repository, on seeded random edits
// of them, on random character soup (control characters and lone surrogates included) and on
// every reserved and contextual word with neighbours that may or may not extend it.
import { readFileSync } from "node:fs";
import type { ILexingResult, IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { tokenize } from "../../grammar/lexer.ts";
import { archLexer, RESERVED_WORDS } from "../../grammar/tokens.ts";
import { archFiles } from "../property/arch-files.ts";
import { mulberry32 } from "../support/rng.ts";

const plain = (t: IToken): unknown[] => [
  t.tokenType.name,
  t.image,
  t.startOffset,
  t.endOffset,
  t.tokenTypeIdx,
];

/** A lexing result as plain data, for a readable diff. */
function shape(r: ILexingResult): unknown {
  return {
    tokens: r.tokens.map(plain),
    groups: Object.fromEntries(Object.entries(r.groups).map(([k, ts]) => [k, ts.map(plain)])),
    errors: r.errors,
  };
}

function expectSame(text: string): void {
  const want = shape(archLexer.tokenize(text));
  const got = shape(tokenize(text));
  if (JSON.stringify(got) !== JSON.stringify(want)) expect(got, JSON.stringify(text)).toEqual(want);
}

const CONTEXTUAL = ["steps", "step", "by", "masked", "over", "dwa"];
const ALPHABET = "{}()[],:;.=-><\"/*@#!&|\\\n\r \t\f\v\uFEFF0123456789eExXabz_+%`$~^?'";
const sources = archFiles().map((p) => readFileSync(p, "utf8"));

describe("hand-written lexer = chevrotain's lexer", () => {
  it("on every .arch file of the repository", () => {
    expect(sources.length).toBeGreaterThan(0);
    for (const s of sources) expectSame(s);
  });

  it("on reserved and contextual words, alone and extended", () => {
    for (const w of [...RESERVED_WORDS, ...CONTEXTUAL, "x", "_", "_1"])
      for (const around of ["", "s", "_", "1", "X", ".", "(", " ", "é"])
        expectSame(`${w}${around} ${around}${w} ${w.slice(0, -1)}`);
  });

  it("on literals, comments, operators and bad characters", () => {
    for (const s of [
      "",
      "1 1.5 .5 1. 1.2.3 3e 3e-4 1.5E+3 0x 0xFF 0X1f 12ab 1_000 1.{ 1e+ x.5 a..b",
      '"a" "a\\"b" "open\n"x\\\n"\\' + '"" "tab\\t" "\r"',
      "// c\n/* b */ /* b\n c */ /*/ x */ /** */ /* open",
      "-> - = == != ! !! !!= < <= > >= * ** *** / % + | . ; : , ( ) [ ] { }",
      "a @ b #$ c\u00e9d \u{1F600} \uD800 \u0000 \uFEFFx",
    ])
      expectSame(s);
  });

  it("on 2000 random edits of the repository's files", () => {
    const r = mulberry32(7);
    const pick = (n: number): number => Math.floor(r() * n);
    for (let k = 0; k < 2000; k++) {
      let text = sources[pick(sources.length)] ?? "";
      for (let e = 0, n = 1 + pick(4); e < n; e++) {
        const at = pick(text.length + 1);
        const junk =
          pick(3) === 0
            ? String.fromCharCode(pick(0x10000))
            : ALPHABET[pick(ALPHABET.length)]!.repeat(1 + pick(3));
        text =
          pick(2) === 0
            ? text.slice(0, at) + junk + text.slice(at)
            : text.slice(0, at) + text.slice(at + 1 + pick(8));
      }
      expectSame(text);
    }
  });

  it("on 2000 strings of random characters", () => {
    const r = mulberry32(11);
    for (let k = 0; k < 2000; k++) {
      let text = "";
      for (let i = 0, n = pick(r, 40); i < n; i++)
        text +=
          r() < 0.9 ? ALPHABET[pick(r, ALPHABET.length)]! : String.fromCharCode(pick(r, 0x10000));
      expectSame(text);
    }
  });
});

function pick(r: () => number, n: number): number {
  return Math.floor(r() * n);
}
