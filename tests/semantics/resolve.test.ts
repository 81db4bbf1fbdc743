// Module resolution: the stdlib is found from the package root whatever the cwd, relative imports
// resolve from the importing file (with `as` renames), and each file is loaded once.
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { analyzeText, errorCodes, tinyModel } from "./helpers.ts";

describe("resolution", () => {
  it("finds the stdlib from the package root, not the cwd", () => {
    const r = analyzeFile(resolve("examples/gpt.arch"), { cwd: "/tmp" });
    expect(r.diagnostics).toEqual([]);
    expect([...r.sources.keys()].filter((k) => k.startsWith("stdlib/")).sort()).toEqual([
      "stdlib/attention/causal-self-attention.arch",
      "stdlib/ffn/mlp.arch",
    ]);
    expect(r.program?.graph.source.endsWith("examples/gpt.arch")).toBe(true);
  });

  it("resolves a relative import with a rename, loading each file once", () => {
    const r = analyzeFile("examples/hash-layers.arch");
    expect(r.diagnostics).toEqual([]);
    expect([...r.sources.keys()].filter((k) => k === "examples/gpt.arch")).toEqual([
      "examples/gpt.arch",
    ]);
    const names = r.program?.graph.nodes.flatMap((n) => n.params.map((p) => p.name)) ?? [];
    expect(names).toContain("blocks.0.causal_self_attention.q.kernel"); // DenseLayer = gpt.arch's Layer
    expect(names).toContain("blocks.1.moe.experts.15.linear_1.bias");
  });

  it("reports unknown names, duplicate imports and models used as blocks", () => {
    expect(
      errorCodes(tinyModel("  residual(pre, layernorm) { MLP(d, 4 * d, act: gelo) }")),
    ).toEqual(["ARCH2001"]);
    expect(
      errorCodes(tinyModel("  residual(pre, layernorm) { MLP(d, 4 * d) }", "import std.ffn.{MLP}")),
    ).toEqual(["ARCH2006"]);
    expect(errorCodes(tinyModel("  residual(pre, layernorm) { Tiny(d) }"))).toEqual(["ARCH2012"]);
  });

  it("compiles the model a train section names, else the last one with a warning", () => {
    const model = (name: string): string =>
      `model ${name} {\n  input tokens: int[batch, 8]\n  embed TokenEmbedding(256, 16)\n  residual(pre, layernorm) { MLP(16, 32) }\n  head tied\n}\n`;
    const text = `import std.ffn.{MLP}\n${model("A")}${model("B")}train A {\n  data text(sotu)\n  steps 10\n}\n`;
    const r = analyzeText(text);
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.model).toBe("A");
    const last = analyzeText(`import std.ffn.{MLP}\n${model("A")}${model("B")}`);
    expect(last.diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(["warning ARCH2014"]);
    expect(last.program?.model).toBe("B");
  });

  it("rejects module paths outside std", () => {
    expect(errorCodes("import nn.layers.{X}\nconst d = 1\n")).toEqual(["ARCH2013"]);
  });
});
