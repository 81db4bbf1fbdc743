// Line ends and columns (grammar/core/source.ts): LF, CRLF, a lone CR, U+2028 and U+2029 end a line
// alike in the lexer, the formatter and line numbers; columns count characters, not UTF-16 units;
// control characters in the source never reach the terminal raw (grammar/core/printable.ts).
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { SourceFile } from "../../grammar/core/source.ts";
import { formatSource } from "../../grammar/format/index.ts";
import { parse } from "../../grammar/parse.ts";
import { analyzeText } from "../semantics/helpers.ts";

const ENDS = ["\n", "\r\n", "\r", "\u2028", "\u2029"];
const MODEL = [
  "model M {",
  "  input t: int[batch, 8]",
  "  embed TokenEmbeding(16, 8)",
  "  head tied",
  "}",
  "",
];

/** The first diagnostic of `text`, formatted as archc prints it. */
function firstDiagnostic(text: string): string {
  const r = analyzeText(text);
  const d = r.diagnostics[0];
  if (d === undefined) throw new Error("no diagnostic");
  return formatDiagnostic(d, { sources: (f) => r.sources.get(f) });
}

describe.each(ENDS)("the line end %j", (end) => {
  it("ends a // comment, so the next line is live code", () => {
    const { module, diagnostics } = parse(
      `const a = 1 // a comment${end}const b = 2${end}`,
      "t.arch",
    );
    expect(diagnostics).toEqual([]);
    expect(module.decls.map((d) => (d.kind === "const" ? d.name.name : d.kind))).toEqual([
      "a",
      "b",
    ]);
  });

  it("counts as one line for line numbers and excerpts", () => {
    const src = new SourceFile("t.arch", MODEL.join(end));
    expect(src.lineCount).toBe(6);
    const at = src.text.indexOf("TokenEmbeding");
    expect(src.lineCol(at)).toEqual({ line: 3, col: 9 });
    expect(src.lineText(3)).toBe("  embed TokenEmbeding(16, 8)");
    expect(firstDiagnostic(MODEL.join(end))).toContain("virtual.arch:3:9 error ARCH2001");
  });

  it("formats like LF, keeping a blank line and a brace after a comment", () => {
    const lf =
      "const a = 1 // x\n\nconst b = 2\n\nmodel M // }\n{\n  input t: int[batch, 8]\n  embed TokenEmbedding(16, 8)\n  head tied\n}\n";
    const out = formatSource(lf.replaceAll("\n", end), "t.arch");
    const want = formatSource(lf, "t.arch");
    expect(out).toEqual(want);
  });
});

describe("columns", () => {
  it("count an astral character (an emoji) once", () => {
    const text = `const s = "😀😀" + nope\n`;
    const src = new SourceFile("t.arch", text);
    expect(src.lineCol(text.indexOf("nope"))).toEqual({ line: 1, col: 18 });
    const text2 = `model M { // 😀😀\n  input t: int[batch, 8]\n  embed /*😀*/ TokenEmbeding(16, 8)\n  head tied\n}\n`;
    const lines = firstDiagnostic(text2).split("\n");
    expect(lines[0]).toContain(":3:15 error");
    // the carets stand under the name: 14 characters in, one per character
    expect(lines[3]).toBe(`  | ${" ".repeat(14)}${"^".repeat("TokenEmbeding".length)}`);
  });
});

describe("control characters in diagnostics", () => {
  it("are shown escaped in the excerpt and the message, never raw", () => {
    const osc = "\x1b]0;owned\x07";
    const text = `${MODEL.slice(0, 2).join("\n")}\n  embed TokenEmbeding(16, 8) // \x1b[2J${osc}\x9b1m\n  head tied\n}\n`;
    const shown = firstDiagnostic(text);
    expect(shown).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    expect(shown).toContain("// \\x1b[2J\\x1b]0;owned\\x07\\x9b1m");
    const path = firstDiagnostic(`import "./\x1b[31mred.arch".{X}\n`);
    expect(path).not.toContain("\x1b");
    expect(path).toContain("\\x1b[31mred.arch");
  });

  it("keep the carets under the escaped text", () => {
    const text = `${MODEL.slice(0, 2).join("\n")}\n  embed /*\x1b*/ TokenEmbeding(16, 8)\n  head tied\n}\n`;
    const lines = firstDiagnostic(text).split("\n");
    expect(lines[2]).toBe("3 |   embed /*\\x1b*/ TokenEmbeding(16, 8)");
    expect(lines[3]).toBe(`  | ${" ".repeat(17)}${"^".repeat(13)}`);
  });
});
