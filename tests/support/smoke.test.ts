// Smoke test for the shared diagnostics core: locations, carets and did-you-mean hints.
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../grammar/core/source.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";

describe("diagnostics core", () => {
  it("formats a located error with a caret under the span", () => {
    const src = new SourceFile("a.arch", "const d = 256\nconst x = rmsnrom\n");
    const start = src.text.indexOf("rmsnrom");
    const text = formatDiagnostic(
      {
        code: "ARCH2001",
        severity: "error",
        message: "unknown name `rmsnrom`",
        span: { file: "a.arch", start, end: start + 7 },
        hint: didYouMean("rmsnrom", ["rmsnorm", "layernorm"]) ?? "",
      },
      { sources: () => src },
    );
    expect(text).toBe(
      [
        "a.arch:2:11 error ARCH2001: unknown name `rmsnrom`",
        "  |",
        "2 | const x = rmsnrom",
        "  |           ^^^^^^^",
        "  = hint: did you mean `rmsnorm`?",
      ].join("\n"),
    );
  });

  it("maps offsets to 1-based lines and columns", () => {
    const src = new SourceFile("b.arch", "ab\ncd\n\nef");
    expect(src.lineCol(0)).toEqual({ line: 1, col: 1 });
    expect(src.lineCol(4)).toEqual({ line: 2, col: 2 });
    expect(src.lineCol(7)).toEqual({ line: 4, col: 1 });
    expect(src.lineText(4)).toBe("ef");
  });
});
