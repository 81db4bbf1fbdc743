// The front end shadows internals of chevrotain 11 (pinned) to build tokens and the CST with fewer
// objects (grammar/tokens.ts OffsetLexer, grammar/parser-expr.ts "CST building"). If an upgrade
// renames them, the overrides would silently stop running; these checks fail instead.
import { CstParser, Lexer, type CstElement, type CstNode, type IToken } from "chevrotain";
import { describe, expect, it } from "vitest";
import { archParser } from "../../grammar/parser.ts";
import { archLexer } from "../../grammar/tokens.ts";

const isToken = (e: CstElement): e is IToken => "image" in e;

function nodes(n: CstNode, out: CstNode[] = []): CstNode[] {
  out.push(n);
  for (const list of Object.values(n.children))
    for (const c of list ?? []) if (!isToken(c)) nodes(c, out);
  return out;
}

function cstOf(text: string): CstNode {
  archParser.input = archLexer.tokenize(text).tokens;
  return archParser.module();
}

describe("chevrotain internals the front end shadows", () => {
  it("still exist in chevrotain", () => {
    const lexer = Lexer.prototype as unknown as Record<string, unknown>;
    expect(typeof lexer["createOffsetOnlyToken"]).toBe("function");
    const parser = CstParser.prototype as unknown as Record<string, unknown>;
    for (const m of ["cstInvocationStateUpdate", "cstPostTerminal", "cstPostNonTerminal"])
      expect(typeof parser[m], m).toBe("function");
  });

  it("tokens have integer start and end offsets", () => {
    const tokens = archLexer.tokenize('block B(d: int) { x = f(d, "s") }').tokens;
    for (const t of tokens) {
      expect(Number.isInteger(t.startOffset)).toBe(true);
      expect(t.endOffset).toBe(t.startOffset + t.image.length - 1);
    }
  });

  it("CST nodes have plain children and integer locations covering their tokens", () => {
    const text = "block B(d: int = 2) {\n  x = -f(d)(y) + (1, 2)\n  return x\n}\n";
    for (const n of nodes(cstOf(text))) {
      expect(Object.getPrototypeOf(n.children)).toBe(Object.prototype);
      const loc = n.location!;
      expect(Number.isInteger(loc.startOffset) && Number.isInteger(loc.endOffset)).toBe(true);
      let lo = Infinity;
      let hi = -Infinity;
      for (const list of Object.values(n.children))
        for (const c of list ?? []) {
          const s = isToken(c) ? c.startOffset : c.location!.startOffset;
          const e = isToken(c) ? c.endOffset! : c.location!.endOffset!;
          if (e >= s) [lo, hi] = [Math.min(lo, s), Math.max(hi, e)];
        }
      expect([loc.startOffset, loc.endOffset], n.name).toEqual([lo, hi]);
    }
  });

  it("children of one rule have one shape: every key of the rule, undefined until used", () => {
    const text = "block B(d: int = 2) {\n  x = -f(d)(y) + (1, 2)\n  return x\n}\nconst c = 1\n";
    const shapes = new Map<string, string>();
    for (const n of nodes(cstOf(text))) {
      const keys = Object.keys(n.children).join(",");
      expect(keys, n.name).toBe(shapes.get(n.name) ?? keys);
      shapes.set(n.name, keys);
      for (const list of Object.values(n.children))
        expect(list === undefined || list.length > 0).toBe(true);
    }
    expect(shapes.get("expr")?.split(",")).toContain("argList");
  });

  it("a node with no real text (recovery) has endOffset < startOffset", () => {
    // `return` with its expression missing: recovery leaves an empty `expr` node.
    const empty = nodes(cstOf("block B() { return }")).filter((n) => n.name === "expr");
    expect(empty.map((n) => [n.location!.startOffset, n.location!.endOffset])).toEqual([[-1, -2]]);
  });
});
