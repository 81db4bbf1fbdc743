// The picture names the attention's position scheme and memory (RoPE with its base, ALiBi, the
// number of persistent memory slots) beside its heads, for the three examples that use them; BAM's
// mixture of attention names its experts and K/V sharing.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { renderSvg } from "../../compiler/graph/index.ts";
import { parseXml, texts } from "./xml.ts";

function labels(file: string): string {
  const r = analyzeFile(file);
  if (r.program === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return texts(parseXml(renderSvg(r.program.graph))).join("\n");
}

describe("graph labels of attention settings", () => {
  it("RoPE, ALiBi and memory appear in the attention's box", () => {
    expect(labels("examples/rope.arch")).toMatch(/4 heads × 24, 2 kv · RoPE 10000 · /);
    expect(labels("examples/alibi.arch")).toMatch(/6 heads × 16 · ALiBi · /);
    expect(labels("examples/all-attention.arch")).toMatch(/4 heads × 24 · 64 memory · /);
    expect(labels("examples/gpt.arch")).not.toMatch(/RoPE|ALiBi|memory/);
  });

  it("BAM's mixture of attention shows its experts and whether they share K/V", () => {
    const t = labels("examples/bam.arch");
    expect(t).toMatch(/2 attention experts × 4 heads × 24 · shared K\/V \(4 kv\) · soft router · /);
    expect(t).toMatch(/2 attention experts × 4 heads × 24 · own K\/V · soft router · /);
    expect(t).not.toMatch(/8 heads × 24/); // not drawn as one attention of E·H heads
  });
});
