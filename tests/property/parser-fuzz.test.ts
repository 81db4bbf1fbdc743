// Fuzzing the front end: seeded random mutations of every `.arch` file in the repository (token
// deletions, duplications, swaps, character edits, random bytes, truncation) and random token soup.
// parse must never throw, must answer fast, and every diagnostic must be a located ARCH1xxx one;
// whenever chevrotain's lexer or parser saw an error, at least one diagnostic must survive.
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { archParser } from "../../grammar/parser.ts";
import { archLexer, RESERVED_WORDS } from "../../grammar/tokens.ts";
import { allNodes } from "../grammar/helpers.ts";
import { archFiles } from "./arch-files.ts";
import { mulberry32 } from "../support/rng.ts";

const FILE = "fuzz.arch";
const TOTAL_MUTATIONS = 3000;

/** Used when the repository has no `.arch` files yet. */
const FALLBACK = [
  "import std.ffn.{MLP as F}\nconst d: int = 64\nblock L(d: int, a: gelu | relu = gelu) {\n  residual(pre, layernorm) { F(d, 4 * d, act: a) }\n}\n",
  "model M {\n  input t: int[b, c]\n  embed E(256, d) + P(c, d)\n  repeat 2 as i with dwa(dilation: 1) { if i % 2 == 0 { L(d) } else { L(d) } }\n  norm rmsnorm\n  head tied\n}\n",
  "train M { batch 16; eval every 10 steps; optimizer adamw(lr: 3e-4, betas: (0.9, 0.95)) }\ngrow M { at step 5: ffn 4 * d -> 8 * d by stacking masked over 2 steps }\n",
];

const ALPHABET = '{}()[],:;.=-><"/*@#!&|\\\n \t0123456789eExabz_';
const WORDS = [
  ...RESERVED_WORDS,
  "steps",
  "step",
  "by",
  "masked",
  "over",
  "dwa",
  "x",
  "MLP",
  "1",
  "2.5",
  "->",
  "=",
  ",",
  "(",
  ")",
  "{",
  "}",
  ":",
  "|",
  "**",
  "//",
  "/*",
  '"',
];

function mutate(text: string, r: () => number): string {
  const pick = (n: number): number => Math.floor(r() * n);
  const tokens = archLexer.tokenize(text).tokens;
  const tok = tokens[pick(tokens.length)];
  const at = pick(text.length + 1);
  switch (pick(9)) {
    case 0: // delete a token
      return tok === undefined
        ? text
        : text.slice(0, tok.startOffset) + text.slice(tok.startOffset + tok.image.length);
    case 1: // duplicate a token
      return tok === undefined
        ? text
        : text.slice(0, tok.startOffset) + tok.image + " " + text.slice(tok.startOffset);
    case 2: {
      // swap two adjacent tokens
      const i = pick(Math.max(1, tokens.length - 1));
      const a = tokens[i];
      const b = tokens[i + 1];
      if (a === undefined || b === undefined) return text;
      const mid = text.slice(a.startOffset + a.image.length, b.startOffset);
      return (
        text.slice(0, a.startOffset) +
        b.image +
        mid +
        a.image +
        text.slice(b.startOffset + b.image.length)
      );
    }
    case 3: // delete a few characters
      return text.slice(0, at) + text.slice(at + 1 + pick(5));
    case 4: // insert a character that matters to the lexer
      return text.slice(0, at) + ALPHABET[pick(ALPHABET.length)]! + text.slice(at);
    case 5: {
      // insert random code units (lone surrogates, NUL and control characters included)
      let junk = "";
      for (let i = 0, n = 1 + pick(4); i < n; i++) junk += String.fromCharCode(pick(0x10000));
      return text.slice(0, at) + junk + text.slice(at);
    }
    case 6: // truncate
      return text.slice(0, at);
    case 7: // replace a token by a word or symbol
      return tok === undefined
        ? text
        : text.slice(0, tok.startOffset) +
            WORDS[pick(WORDS.length)]! +
            text.slice(tok.startOffset + tok.image.length);
    default: // insert a word or symbol
      return text.slice(0, at) + " " + WORDS[pick(WORDS.length)]! + " " + text.slice(at);
  }
}

/** Whether chevrotain itself found an error (lexer, unclosed string/comment, or parser). */
function rawErrors(text: string): boolean {
  const lexed = archLexer.tokenize(text);
  if (lexed.errors.length > 0 || (lexed.groups["errors"] ?? []).length > 0) return true;
  if (lexed.tokens.some((t) => t.tokenType.name === "UnterminatedString")) return true;
  archParser.input = lexed.tokens;
  archParser.module();
  return archParser.errors.length > 0;
}

/** Problems with one input, as readable strings (empty when all is well). */
function problems(text: string, checkRaw: boolean): string[] {
  const out: string[] = [];
  const t0 = performance.now();
  let result: ReturnType<typeof parse>;
  try {
    result = parse(text, FILE);
  } catch (e) {
    return [`threw ${String(e)}`];
  }
  const ms = performance.now() - t0;
  if (ms > 1000) out.push(`took ${ms.toFixed(0)} ms`);
  for (const d of result.diagnostics) {
    if (!/^ARCH1\d{3}$/.test(d.code) || d.code === "ARCH1099")
      out.push(`code ${d.code}: ${d.message}`);
    if (
      d.span.file !== FILE ||
      !(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length)
    ) {
      out.push(`span ${JSON.stringify(d.span)} outside [0, ${text.length}] (${d.code})`);
    }
    if (d.message === "" || /Expecting|Token sequences|NaN|undefined/.test(d.message))
      out.push(`message: ${d.message}`);
  }
  for (const n of allNodes(result.module)) {
    const s = n.span;
    if (s === undefined || !(s.start >= 0 && s.start <= s.end && s.end <= text.length))
      out.push(`${n.kind} span ${JSON.stringify(s)}`);
  }
  if (checkRaw && result.diagnostics.length === 0 && rawErrors(text))
    out.push("chevrotain saw an error but no diagnostic was reported");
  return out;
}

function sources(): { name: string; text: string }[] {
  const files = archFiles().map((p) => ({ name: p, text: readFileSync(p, "utf8") }));
  return files.length > 0 ? files : FALLBACK.map((text, i) => ({ name: `fallback-${i}`, text }));
}

describe("parser fuzz", () => {
  it("survives thousands of seeded mutations of the repository's .arch files", () => {
    const files = sources();
    const perFile = Math.max(10, Math.ceil(TOTAL_MUTATIONS / files.length));
    const failures: string[] = [];
    files.forEach((f, fileIndex) => {
      for (let i = 0; i < perFile && failures.length < 5; i++) {
        const seed = fileIndex * 100_003 + i;
        const r = mulberry32(seed);
        let text = f.text;
        for (let k = 0, n = 1 + Math.floor(r() * 3); k < n; k++) text = mutate(text, r);
        const p = problems(text, i % 3 === 0);
        if (p.length > 0)
          failures.push(
            `${f.name} seed ${seed}: ${p.slice(0, 3).join("; ")}\n--- input ---\n${text}`,
          );
      }
    });
    expect(failures.join("\n\n")).toBe("");
  });

  it("survives random strings", () => {
    fc.assert(
      fc.property(fc.string({ unit: "binary", maxLength: 300 }), (s) => {
        expect(problems(s, true)).toEqual([]);
      }),
      { seed: 20261127, numRuns: 400 },
    );
  });

  it("survives random token soup", () => {
    const soup = fc.array(
      fc.constantFrom(
        ...WORDS,
        "\n",
        "block B(d: int) {",
        "model M {",
        "train M {",
        "grow M {",
        "at step 1:",
      ),
      {
        maxLength: 80,
      },
    );
    fc.assert(
      fc.property(soup, (words) => {
        expect(problems(words.join(" "), true)).toEqual([]);
      }),
      { seed: 7, numRuns: 600 },
    );
  });

  it("reports at least one diagnostic for every truncation inside a declaration", () => {
    const text = "block L(d: int) {\n  residual(pre) { MLP(d, 4 * d) }\n}\n";
    for (let cut = 1; cut < text.trimEnd().length; cut++) {
      const prefix = text.slice(0, cut);
      if (/^\s*$/.test(prefix)) continue;
      expect(parse(prefix, FILE).diagnostics.length, JSON.stringify(prefix)).toBeGreaterThan(0);
    }
  });
});
