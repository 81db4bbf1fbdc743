// The SVG of every example is well-formed XML (parsed by a strict checker) and carries the labels
// a reader needs: the fold count, MoE, DWA, the tie, shapes and parameter counts.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { renderHtml, renderSvg } from "../../compiler/graph/index.ts";
import { escapeXml } from "../../compiler/graph/svg.ts";
import { handGpt } from "../report/hand-ir.ts";
import { parseXml, texts } from "./xml.ts";

function svgOf(file: string): string {
  const r = analyzeFile(file);
  if (r.program === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return renderSvg(r.program.graph);
}

const labels = (svg: string): string => texts(parseXml(svg)).join("\n");

describe("graph SVG", () => {
  it.each(
    readdirSync("examples")
      .filter((f) => f.endsWith(".arch"))
      .sort(),
  )("%s is well-formed SVG", (file) => {
    const root = parseXml(svgOf(`examples/${file}`));
    expect(root.tag).toBe("svg");
    expect(root.attrs.get("xmlns")).toBe("http://www.w3.org/2000/svg");
    expect(Number(root.attrs.get("width"))).toBeGreaterThan(200);
  });

  it("GPT-2 small: 12 layers folded into one box, tied head, shapes and parameter counts", () => {
    const t = labels(svgOf("examples/gpt2-small.arch"));
    expect(t).toContain("× 12");
    expect(t).toContain("blocks.0–11 · PreLNBlock");
    expect(t).toContain("124,439,808 parameters");
    expect(t).toContain("LM head (tied)");
    expect(t).toContain("tied: same table E");
    expect(t).toContain("[B, T, 768] · 7.09 M params each");
    expect(t).toContain("12 heads × 64 · 2.36 M params");
    expect(t).toContain("[B, T, 50257]");
  });

  it("MoE examples show the router and experts", () => {
    const t = labels(svgOf("examples/moe-topk.arch"));
    expect(t).toContain("MoE · 8 experts · top-2");
    expect(t).toContain("MoE · 8 experts · top-2 + 1 shared");
    expect(t).toContain("router softmax");
    expect(labels(svgOf("examples/hash-layers.arch"))).toContain("hash(token id)");
  });

  it("DenseFormer shows DWA with its dilation and period", () => {
    const t = labels(svgOf("examples/denseformer.arch"));
    expect(t).toContain("DWA · dilation 2 · period 1");
    expect(t).toContain("× 6");
  });

  it("Mix-LN shows the Post-LN and Pre-LN layers as two groups", () => {
    const t = labels(svgOf("examples/mixln.arch"));
    expect(t).toContain("× 2");
    expect(t).toContain("× 6");
    expect(t).toContain("post");
    expect(t).toContain("pre");
  });

  it("norm placements are named on the stream", () => {
    expect(labels(svgOf("examples/sub-ln.arch"))).toContain("sub");
    expect(labels(svgOf("examples/deepnorm.arch"))).toContain("deepnorm");
    expect(labels(svgOf("examples/gpt-periln.arch"))).toContain("peri");
  });

  it("escapes text and embeds the SVG in HTML", () => {
    expect(escapeXml(`a<b & "c">`)).toBe("a&lt;b &amp; &quot;c&quot;&gt;");
    const html = renderHtml(handGpt({ vocab: 64, d: 32, heads: 2, layers: 2, context: 16 }));
    expect(html.startsWith("<!DOCTYPE html>")).toBe(true);
    const svg = html.slice(html.indexOf("<svg"), html.indexOf("</svg>") + 6);
    expect(parseXml(svg).tag).toBe("svg");
  });
});
