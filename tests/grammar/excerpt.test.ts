// Diagnostic excerpts of very long source lines (grammar/core/format-diagnostic.ts): the line is cut
// to a window around the span, marked with `…`, the carets still under the span and the reported
// column still the true one; a cut never splits a character; lines up to MAX_EXCERPT stay whole.
import { describe, expect, it } from "vitest";
import { formatDiagnostic, MAX_EXCERPT } from "../../grammar/core/format-diagnostic.ts";
import { analyzeText } from "../semantics/helpers.ts";

/** The first diagnostic of `text` as archc prints it, split into lines. */
function printed(text: string): string[] {
  const r = analyzeText(text);
  const d = r.diagnostics[0];
  if (d === undefined) throw new Error("no diagnostic");
  return formatDiagnostic(d, { sources: (f) => r.sources.get(f) }).split("\n");
}

/** The excerpt's source text and the caret line, without their gutters (`  1 | `). */
function shown(lines: string[]): { text: string; carets: string } {
  return { text: lines[2]!.replace(/^\d+ \| /, ""), carets: lines[3]!.replace(/^ +\| /, "") };
}

describe("excerpts of long lines", () => {
  it("cut both sides of a span deep inside a 20,000-character line, carets under the span", () => {
    const name = `a${"b".repeat(10_000)}`;
    const line = `const ${name} = 1 + nope + "${"x".repeat(10_000)}"`;
    const lines = printed(`${line}\n`);
    expect(lines[0]).toMatch(new RegExp(`:1:${line.indexOf("nope") + 1} error ARCH2`));
    const { text, carets } = shown(lines);
    expect(text.startsWith("…") && text.endsWith("…")).toBe(true);
    expect([...text].length).toBeLessThanOrEqual(MAX_EXCERPT);
    expect(text.slice(carets.indexOf("^"), carets.indexOf("^") + 4)).toBe("nope");
    expect(carets.trim()).toBe("^^^^");
    expect(line).toContain(text.slice(1, -1)); // a window of the line itself
  });

  it("cut only the end when the span is near the start, and keep characters whole", () => {
    const line = `const a = nope + "${"😀".repeat(5_000)}"`;
    const { text, carets } = shown(printed(`${line}\n`));
    expect(text.startsWith("const a = nope")).toBe(true);
    expect(text.endsWith("…")).toBe(true);
    expect(text).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/); // no half of a pair
    expect(carets).toBe(`${" ".repeat("const a = ".length)}^^^^`);
  });

  it("keep a line of MAX_EXCERPT characters whole", () => {
    const head = "const a = nope + ";
    const line = `${head}${"1".repeat(MAX_EXCERPT - head.length)}`;
    expect(shown(printed(`${line}\n`)).text).toBe(line);
  });
});
