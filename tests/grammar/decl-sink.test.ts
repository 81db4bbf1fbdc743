// parse.ts converts each top-level declaration to AST as soon as the parser finishes it (the
// parser's declSink, grammar/parser-expr.ts) so that its CST dies young. That must not change the
// result: the module, the to-ast diagnostics and the parser errors equal those of converting the
// whole CST afterwards, on every `.arch` file of the repository, on broken input, where
// recovery leaves partial declarations, and on seeded random edits.
import { readFileSync } from "node:fs";
import type { CstNode } from "chevrotain";
import { describe, expect, it } from "vitest";
import type { DeclCstNode, ModuleCstNode } from "../../grammar/cst.generated.d.ts";
import type { Decl } from "../../grammar/ast.ts";
import { tokenize } from "../../grammar/lexer.ts";
import { archParser } from "../../grammar/parser.ts";
import { toDecl, toModule } from "../../grammar/to-ast.ts";
import { archLexer } from "../../grammar/tokens.ts";
import { archFiles } from "../property/arch-files.ts";

interface Converted {
  module: unknown;
  diags: unknown[];
  parseErrors: unknown[];
}

/** Parse and convert `text`, with the declarations streamed through the sink or not. */
function convert(text: string, streamed: boolean): Converted {
  const cx = { file: "f.arch", text, diags: [] };
  const decls: Decl[] = [];
  if (streamed)
    archParser.declSink = (d) => {
      const decl = toDecl(cx, d);
      if (decl !== undefined) decls.push(decl);
    };
  try {
    archParser.input = tokenize(text).tokens;
    const cst = archParser.module() as ModuleCstNode;
    const parseErrors = archParser.errors.map((e) => [e.name, e.message, e.token.startOffset]);
    return { module: toModule(cx, cst, [], decls), diags: cx.diags, parseErrors };
  } finally {
    archParser.declSink = undefined;
  }
}

const BROKEN = [
  "block A(d: int) { x = f(d\n}\nblock B() { return 1 }\n",
  "const a = \nmodel M { block X() {} input t: int[1] }\nconst b = 2",
  "block A( { }\n}} model M { A( }\ntrain M { lr 1e-3; every 10 }\nconst c = 1 +",
  "import std.{}\nblock A() { if x { } else }\nelse { }\ngrow M { at step 1: ffn 2 -> }",
];

describe("declarations converted while parsing (declSink)", () => {
  it("give the AST, diagnostics and parser errors of converting the whole CST afterwards", () => {
    const texts = [...archFiles().map((p) => readFileSync(p, "utf8")), ...BROKEN];
    for (const text of texts) {
      const streamed = convert(text, true);
      expect(streamed.parseErrors.length > 0 || !BROKEN.includes(text)).toBe(true);
      expect(streamed, text.slice(0, 80)).toEqual(convert(text, false));
    }
  });

  it("give the same on 400 random edits of the repository's files", () => {
    const sources = archFiles().map((p) => readFileSync(p, "utf8"));
    let seed = 12345;
    const pick = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return Math.floor((seed / 4294967296) * n);
    };
    const pieces = [
      "{",
      "}",
      "(",
      ")",
      ",",
      "=",
      "block",
      "model",
      "const",
      "if",
      "else",
      "@",
      "\n",
    ];
    for (let k = 0; k < 400; k++) {
      let text = sources[pick(sources.length)] ?? "";
      for (let e = 0, m = 1 + pick(3); e < m; e++) {
        const at = pick(text.length + 1);
        text =
          pick(2) === 0
            ? text.slice(0, at) + text.slice(at + 1 + pick(12))
            : text.slice(0, at) + pieces[pick(pieces.length)]! + text.slice(at);
      }
      expect(convert(text, true), JSON.stringify(text)).toEqual(convert(text, false));
    }
  });

  it("reach the sink in source order, and the module node keeps none of them", () => {
    const seen: string[] = [];
    archParser.declSink = (d: DeclCstNode) =>
      seen.push(Object.entries(d.children).find(([, v]) => v !== undefined)![0]);
    try {
      archParser.input = archLexer.tokenize(
        "const a = 1\nblock B() { block Inner() {} }\nmodel M { B() }",
      ).tokens;
      const cst = archParser.module() as CstNode;
      expect(seen).toEqual(["constDecl", "blockDecl", "modelDecl"]);
      expect(cst.children["decl"]).toBeUndefined();
    } finally {
      archParser.declSink = undefined;
    }
  });

  it("is off by default: the module node lists its declarations", () => {
    archParser.input = archLexer.tokenize("const a = 1\nconst b = 2").tokens;
    expect((archParser.module() as CstNode).children["decl"]).toHaveLength(2);
  });
});
