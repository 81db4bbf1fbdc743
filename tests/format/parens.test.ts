// The formatter's expressions: canonical spacing and the fewest parentheses that keep the tree.
import { describe, expect, it } from "vitest";
import { fmt, parseOk, stripSpans } from "./helpers.ts";

/** Format `const x = <expr>` and return the printed expression. */
function expr(src: string): string {
  const out = fmt(`const x = ${src}\n`);
  const printed = out.replace(/^const x = /, "").replace(/\n$/, "");
  // The printed expression means the same tree.
  expect(stripSpans(parseOk(out).decls)).toEqual(stripSpans(parseOk(`const x = ${src}\n`).decls));
  return printed;
}

describe("fmt expressions", () => {
  it.each([
    ["(a + b) * c", "(a + b) * c"],
    ["a + (b * c)", "a + b * c"],
    ["(a - b) - c", "a - b - c"],
    ["a - (b - c)", "a - (b - c)"],
    ["a / (b * c)", "a / (b * c)"],
    ["2 ** (3 ** 2)", "2 ** 3 ** 2"],
    ["(2 ** 3) ** 2", "(2 ** 3) ** 2"],
    ["-(2 ** 2)", "-(2 ** 2)"],
    ["(-2) ** 2", "-2 ** 2"],
    ["2 ** -1", "2 ** -1"],
    ["-(-a)", "- -a"],
    ["not (a == b)", "not (a == b)"],
    ["(not a) and b", "not a and b"],
    ["(a or b) and c", "(a or b) and c"],
    ["a or (b and c)", "a or b and c"],
    ["(a < b) == c", "(a < b) == c"],
    ["(a + 1) < (b * 2)", "a + 1 < b * 2"],
    ["((a))", "a"],
    ["(if a then b else c) + 1", "(if a then b else c) + 1"],
    ["if a then (b + 1) else (if c then d else e)", "if a then b + 1 else if c then d else e"],
    ["f(a,b,  name:c)", "f(a, b, name: c)"],
    ["Linear(d,4*d)(x)", "Linear(d, 4 * d)(x)"],
    ["(0.9,0.95)", "(0.9, 0.95)"],
    ["-f(x)", "-f(x)"],
  ])("%s  ->  %s", (src, want) => {
    expect(expr(src)).toBe(want);
  });

  it("keeps integer and float literals as written", () => {
    expect(expr("1_000 + 0x10 + 3e-4 + .5 + 1.50")).toBe("1_000 + 0x10 + 3e-4 + .5 + 1.50");
  });

  it("re-escapes strings", () => {
    expect(fmt('import "./a \\"b\\".arch".{X}\n')).toBe('import "./a \\"b\\".arch".{X}\n');
  });
});
