// Size limits with located errors (grammar/ast-depth.ts, compiler/lower/limits.ts, cli/report.ts):
// inputs that used to overflow the stack or run for hours end quickly with one clear error.
import { describe, expect, it } from "vitest";
import { MAX_PRINTED_PER_FILE, printDiagnostics } from "../../cli/report.ts";
import { SourceFile } from "../../grammar/core/source.ts";
import { MAX_NODES } from "../../compiler/lower/limits.ts";
import { analyzeText } from "./helpers.ts";

const MODEL = (body: string, pre = ""): string =>
  `${pre}\nmodel M {\n  input t: int[batch, 8]\n  embed TokenEmbedding(16, 8)\n${body}\n  head tied\n}\n`;

const codes = (text: string): string[] => analyzeText(text).diagnostics.map((d) => d.code);

describe("limits", () => {
  it("a chain of 5,000 `+` terms is ARCH1037 at the expression, not a stack overflow", () => {
    const text = `const a = ${Array(5000).fill("1").join(" + ")}\n${MODEL("")}`;
    const r = analyzeText(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["ARCH1037"]);
    expect(r.diagnostics[0]?.span.start).toBe("const a = ".length);
  });

  it("a chain of 1,000 blocks calling each other is ARCH4002 at the call past the limit", () => {
    const blocks = ["block B0(d: int) {\n  Linear(d, d)\n}"];
    for (let i = 1; i < 1000; i++) blocks.push(`block B${i}(d: int) {\n  B${i - 1}(d)\n}`);
    expect(codes(MODEL("  B999(8)", blocks.join("\n")))).toEqual(["ARCH4002"]);
  });

  it("`repeat 1000000000` and `experts: 1000000000` are ARCH4003, at once", () => {
    const started = Date.now();
    expect(codes(MODEL("  repeat 1000000000 { Linear(8, 8) }"))).toEqual(["ARCH4003"]);
    const moe = "  moe(experts: 1000000000, top_k: 2, router: softmax) { MLP(8, 16) }";
    expect(codes(MODEL(moe, "import std.ffn.{MLP}"))).toEqual(["ARCH4003"]);
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it("a graph past MAX_NODES nodes (nested repeats) is one ARCH4004 at the repeat that grows it", () => {
    const text = MODEL("  repeat 300 { repeat 1000 { Linear(8, 8) } }"); // 300,000 linears
    const r = analyzeText(text);
    expect(r.diagnostics.map((d) => d.code)).toEqual(["ARCH4004"]);
    expect(r.diagnostics[0]?.message).toBe(
      `the model grows past ${MAX_NODES.toLocaleString("en-US")} graph nodes here`,
    );
    const at = r.diagnostics[0]!.span;
    expect(text.slice(at.start, at.end)).toBe("1000"); // the inner count, where the cap was crossed
  }, 300_000);

  it("prints at most 100 diagnostics per file, then one line with the rest counted", () => {
    const text = Array.from({ length: 250 }, (_, i) => `const b${i} = @\n`).join("");
    const r = analyzeText(text);
    expect(r.diagnostics.length).toBe(250);
    let err = "";
    const errors = printDiagnostics(
      r.diagnostics,
      new Map([[r.diagnostics[0]!.span.file, new SourceFile("x", text)]]),
      { out: () => undefined, err: (s) => void (err += s), color: false },
    );
    expect(errors).toBe(250);
    expect(err.match(/ error ARCH/g)?.length).toBe(MAX_PRINTED_PER_FILE);
    expect(err).toContain("150 more diagnostics not shown");
  });
});
