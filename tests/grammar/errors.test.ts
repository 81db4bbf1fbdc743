// Reject cases: each construct's typical mistakes give the expected ARCH1xxx code at the right
// place, recovery reports several independent mistakes, and messages carry no chevrotain jargon.
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";
import { FILE, codes, render } from "./helpers.ts";

/** Codes and the 1-based line of each diagnostic. */
function where(text: string): string[] {
  const { diagnostics } = parse(text, FILE);
  return diagnostics.map((d) => `${d.code}@${text.slice(0, d.span.start).split("\n").length}`);
}

describe("reject cases", () => {
  it.each([
    ["stray character", "const a = 1 @", ["ARCH1001"]],
    ["unterminated string", 'const s = "abc\nconst b = 1', ["ARCH1002"]],
    ["unterminated block comment", "const a = 1 /* open", ["ARCH1003"]],
    ["missing `}`", "block A() {\n  MLP(d)\n", ["ARCH1011"]],
    ["reserved word as a name", "const model = 3", ["ARCH1012"]],
    ["reserved word as a parameter", "block A(norm: int) {}", ["ARCH1012"]],
    ["misspelled keyword", "blok A() {}", ["ARCH1013"]],
    ["unknown top-level token", "42", ["ARCH1014"]],
    ["stray token in a body", "block A() { 42 }", ["ARCH1015"]],
    ["stray token in a train section", "train M { 42 }", ["ARCH1016"]],
    ["stray token in a grow section", "grow M { ffn 1 -> 2 }", ["ARCH1017"]],
    ["missing expression", "const a = ", ["ARCH1018"]],
    ["train inside a model", "model M {\n  train M { batch 1 }\n}", ["ARCH1020"]],
    ["statement at the top level", "residual(pre) { A }", ["ARCH1021"]],
    ["model-only statement in a block", "block A() { head tied }", ["ARCH1022"]],
    [
      "model-only statement nested in a model",
      "model M { repeat 2 { input t: int[b] } }",
      ["ARCH1022"],
    ],
    ["duplicate parameter", "block A(d: int, d: float) {}", ["ARCH1023"]],
    ["empty import", "import std.ffn.{}", ["ARCH1027"]],
    ["share without a call", "block A() { share f = g }", ["ARCH1028"]],
    ["applied layer as a statement", "block A() { Linear(d, d)(x) }", ["ARCH1030"]],
    ["else without if", "block A() { A\n else { B } }", ["ARCH1032"]],
    ["every without steps", "train M { eval every 100 }", ["ARCH1034"]],
    ["masked over without steps", "grow M { at step 1: ffn 1 -> 2 masked over 5 }", ["ARCH1034"]],
    ["missing comma between arguments", "const a = f(a b)", ["ARCH1035"]],
    ["missing `=` in a const", "const a 1", ["ARCH1010"]],
    ["missing `:` after `at step N`", "grow M { at step 1 ffn 1 -> 2 }", ["ARCH1010"]],
    ["missing `->` in a grow event", "grow M { at step 1: ffn 1 2 }", ["ARCH1010"]],
    ["missing parameter type", "block A(d) {}", ["ARCH1010"]],
  ])("%s", (_name, text, want) => {
    expect(codes(text)).toEqual(want);
  });

  it("points a missing `}` at the end of the file and names the open block", () => {
    const text = "block Layer(d: int) {\n  MLP(d)\n";
    const [d] = parse(text, FILE).diagnostics;
    expect(d?.message).toBe(
      "expected `}` to close the block `Layer` opened at line 1, found the end of the file",
    );
    expect(d?.span.start).toBe(text.trimEnd().length);
    expect(d?.related?.[0]?.span.start).toBe(text.indexOf("{"));
  });

  it("suggests the closest keyword for a misspelled declaration", () => {
    expect(parse("modle M { }", FILE).diagnostics[0]?.message).toBe(
      "unknown keyword `modle`; did you mean `model`?",
    );
  });
});

describe("recovery", () => {
  it("reports three separate mistakes in one file", () => {
    const text = [
      "const a = 1.2.3",
      "block A(d: int) {",
      "  MLP(d 4)",
      "}",
      "const model = 3",
      "train T {",
      "  eval every 10",
      "}",
    ].join("\n");
    expect(where(text)).toEqual(["ARCH1004@1", "ARCH1035@3", "ARCH1012@5", "ARCH1034@7"]);
  });

  it("keeps the declarations around a broken one", () => {
    const { module, diagnostics } = parse(
      "const a = 1\nblock B( { }\nconst c = 3\nmodel M { head tied }",
      FILE,
    );
    expect(diagnostics.length).toBeGreaterThan(0);
    expect(module.decls.map((d) => d.kind)).toEqual(["const", "block", "const", "model"]);
  });

  it("reports mistakes inside a misplaced declaration too", () => {
    expect(codes("model M {\n  train M { eval every 10 }\n}")).toEqual(["ARCH1020", "ARCH1034"]);
  });
});

describe("message wording", () => {
  const samples = [
    "block A( {",
    "const = ",
    "model { }",
    "train T { batch }",
    "grow G { at 1: x 1 -> 2 }",
    "import .{a}",
    "block A() { repeat { } }",
    "const x = (1, 2",
    "const x = f(a: )",
    "block A() { input x int[3] }",
  ];
  it.each(samples)("%s has no parser jargon", (text) => {
    const out = render(text, parse(text, FILE).diagnostics);
    expect(out).not.toBe("");
    expect(out).not.toMatch(/Expecting|Token sequences|but found|EOF|-->|\[object|undefined|NaN/);
  });
});

describe("limits", () => {
  it("refuses nesting deeper than 100 levels with a located diagnostic", () => {
    const text = "const x = " + "(".repeat(150) + "1" + ")".repeat(150);
    const ds = parse(text, FILE).diagnostics;
    expect(ds.map((d) => d.code)).toEqual(["ARCH1036"]);
    expect(ds[0]?.span.start).toBe("const x = ".length + 100);
  });

  it("parses nesting just under the limit", () => {
    expect(codes("const x = " + "(".repeat(99) + "1" + ")".repeat(99))).toEqual([]);
  });

  it("turns a stack overflow (a huge `else if` chain) into a diagnostic, then parses normally again", () => {
    const chain = "block B() { if a { A }" + " else if a { A }".repeat(5000) + " }";
    expect(codes(chain)).toEqual(["ARCH1036"]);
    expect(codes("const a = 1")).toEqual([]);
  });
});
