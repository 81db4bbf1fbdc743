// The formatter keeps comments where they were written: above the item they precede, at the end of
// their line, inside otherwise empty bodies; and it keeps at most one blank line.
import { describe, expect, it } from "vitest";
import { fmt } from "./helpers.ts";

const lines = (...ls: string[]): string => ls.join("\n") + "\n";

describe("fmt comments and layout", () => {
  it("keeps leading and trailing comments at the top level", () => {
    const src = lines(
      "// header",
      "",
      "",
      "import std.ffn.{MLP}   // mlp",
      "const d = 4 // width",
      "// about e",
      "const e=8",
    );
    expect(fmt(src)).toBe(
      lines(
        "// header",
        "",
        "import std.ffn.{MLP} // mlp",
        "",
        "const d = 4 // width",
        "// about e",
        "const e = 8",
      ),
    );
  });

  it("keeps comments after `{`, before `}` and in empty bodies", () => {
    const src = lines(
      "block B(d: int) { // after the brace",
      "    // leading",
      "    Linear(d, d)   // trailing",
      "",
      "",
      "    /* before the close */",
      "}",
      "block E(d: int) {",
      "// nothing yet",
      "}",
      "model M { repeat 2 { B(4) } // kept on one line",
      "}",
    );
    expect(fmt(src)).toBe(
      lines(
        "block B(d: int) { // after the brace",
        "  // leading",
        "  Linear(d, d) // trailing",
        "",
        "  /* before the close */",
        "}",
        "",
        "block E(d: int) {",
        "  // nothing yet",
        "}",
        "",
        "model M {",
        "  repeat 2 { B(4) } // kept on one line",
        "}",
      ),
    );
  });

  it("moves a comment from inside a statement to the line above it", () => {
    const src = lines("block B(d: int) {", "  MLP(d, /* hidden */ 4*d)", "}");
    expect(fmt(src)).toBe(lines("block B(d: int) {", "  /* hidden */", "  MLP(d, 4 * d)", "}"));
  });

  it("keeps a comment between `}` and `else` on the else line", () => {
    const src = lines(
      "model M {",
      "  repeat 2 as i {",
      "    if i == 0 { A } // first",
      "    else { B }",
      "  }",
      "}",
    );
    expect(fmt(src)).toBe(
      lines(
        "model M {",
        "  repeat 2 as i {",
        "    if i == 0 { A } else { // first",
        "      B",
        "    }",
        "  }",
        "}",
      ),
    );
  });

  it("puts one statement per line and drops blank lines at the edges of bodies", () => {
    const src = lines(
      "block P(d: int) {",
      "",
      "  parallel { A(d); B(d) }",
      "",
      "}",
      "train M { batch 16; steps 300 // short",
      "  eval every 50 steps }",
    );
    expect(fmt(src)).toBe(
      lines(
        "block P(d: int) {",
        "  parallel {",
        "    A(d)",
        "    B(d)",
        "  }",
        "}",
        "",
        "train M {",
        "  batch 16",
        "  steps 300 // short",
        "  eval every 50 steps",
        "}",
      ),
    );
  });

  it("keeps a body on one line only as the user wrote it and when it fits", () => {
    const src = lines(
      "model M {",
      "  repeat 2 {",
      "    B(4)",
      "  }",
      "  residual(pre, layernorm) { C(1) }",
      "}",
    );
    expect(fmt(src)).toBe(src);
  });

  it("keeps comments at the end of the file and block comments spanning lines", () => {
    const src = lines("const a = 1", "/* one", "   two */", "", "", "// last");
    expect(fmt(src)).toBe(lines("const a = 1", "/* one", "   two */", "", "// last"));
  });

  it("formats grow events and typed constants canonically", () => {
    const src = lines(
      "const lr:float=3e-4",
      "grow M { at step 100 : ffn 4*d->8*d masked over 50 steps",
      "at step 200: depth 2 -> 4 by stacking }",
    );
    expect(fmt(src)).toBe(
      lines(
        "const lr: float = 3e-4",
        "",
        "grow M {",
        "  at step 100: ffn 4 * d -> 8 * d masked over 50 steps",
        "  at step 200: depth 2 -> 4 by stacking",
        "}",
      ),
    );
  });
});
