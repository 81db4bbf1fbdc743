// Lexer cases: keywords versus identifiers (longer_alt), contextual words, number-like runs, `//`
// always a comment, multi-character operators, strings and comments.
import { describe, expect, it } from "vitest";
import { archLexer } from "../../grammar/tokens.ts";

/** `Type:image` for each token the parser sees. */
function lex(text: string): string[] {
  return archLexer.tokenize(text).tokens.map((t) => `${t.tokenType.name}:${t.image}`);
}

describe("lexer", () => {
  it("keeps identifiers that start with a keyword whole", () => {
    expect(lex("model modelSize inputs norm_kind headroom")).toEqual([
      "Model:model",
      "Identifier:modelSize",
      "Identifier:inputs",
      "Identifier:norm_kind",
      "Identifier:headroom",
    ]);
  });

  it("lexes contextual words as their own tokens, and longer words as identifiers", () => {
    expect(lex("steps step stepsize by bytes masked over dwa")).toEqual([
      "StepsWord:steps",
      "StepWord:step",
      "Identifier:stepsize",
      "ByWord:by",
      "Identifier:bytes",
      "MaskedWord:masked",
      "OverWord:over",
      "DwaWord:dwa",
    ]);
  });

  it("takes a whole number-like run as one token, valid or not", () => {
    expect(lex("1.2.3 3e-4 1.5E+3 .5 1. 0x1F 12ab 3e")).toEqual([
      "NumberLit:1.2.3",
      "NumberLit:3e-4",
      "NumberLit:1.5E+3",
      "NumberLit:.5",
      "NumberLit:1.",
      "NumberLit:0x1F",
      "NumberLit:12ab",
      "NumberLit:3e",
    ]);
  });

  it("does not take a sign into a number without an exponent, nor into a hex number", () => {
    expect(lex("4-d 0xe-1")).toEqual([
      "NumberLit:4",
      "Minus:-",
      "Identifier:d",
      "NumberLit:0xe",
      "Minus:-",
      "NumberLit:1",
    ]);
  });

  it("keeps the dots of a module path apart from numbers", () => {
    expect(lex("std.attention.{X}")).toEqual([
      "Identifier:std",
      "Dot:.",
      "Identifier:attention",
      "Dot:.",
      "LCurly:{",
      "Identifier:X",
      "RCurly:}",
    ]);
  });

  it("prefers the longest operator", () => {
    expect(lex("-> - > == = <= < >= != ** * /")).toEqual([
      "Arrow:->",
      "Minus:-",
      "Gt:>",
      "EqEq:==",
      "Equals:=",
      "LtEq:<=",
      "Lt:<",
      "GtEq:>=",
      "NotEq:!=",
      "StarStar:**",
      "Star:*",
      "Slash:/",
    ]);
  });

  it("treats `//` as a comment and keeps comments in their own group", () => {
    const r = archLexer.tokenize("a // b\n/* c\n d */ e");
    expect(r.tokens.map((t) => t.image)).toEqual(["a", "e"]);
    expect((r.groups["comments"] ?? []).map((t) => t.image)).toEqual(["// b", "/* c\n d */"]);
  });

  it("lexes strings with escapes, and an unclosed string up to the end of its line", () => {
    expect(lex('"a\\"b" "open\nx')).toEqual([
      'StringLit:"a\\"b"',
      'UnterminatedString:"open',
      "Identifier:x",
    ]);
  });

  it("reports characters that start no token", () => {
    const r = archLexer.tokenize("a @ b");
    expect(r.errors.map((e) => [e.offset, e.length])).toEqual([[2, 1]]);
  });
});
