// p-MoD in `archc graph`, through the real compiler: every layer of a `with pmod` repeat says
// whether it is dense or routed, a routed one shows its router, its keep (capacity) ratio ρ_ℓ from
// the progressive ratio decay (spec/pmod.ts) with the tokens it keeps at the context, and its
// block drawn open with the TanhNorm weight on the FFN branch only.
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderSvg } from "../../compiler/graph/index.ts";
import { pictureModel, type BlockSection } from "../../compiler/graph/model.ts";
import type { StreamItem } from "../../compiler/graph/structure.ts";
import { buildProgram } from "../../compiler/program.ts";
import { keepRatio, keptTokens } from "../../spec/pmod.ts";

function lowered(path: string) {
  const r = buildProgram(path, { optimize: false });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.model!.lowered.graph;
}

/** `op:p-MoD router`, `res[LayerNorm > MLP > TanhNorm weight]`. */
const shape = (items: readonly StreamItem[]): string[] =>
  items.map((it) =>
    it.kind === "op"
      ? `op:${it.unit.label}`
      : `res[${it.lanes.map((l) => l.map((u) => u.label).join(" > ")).join(" ; ")}]`,
  );

/** The layer indices of a section named `blocks.2` or `blocks.4–5`. */
function layersOf(s: BlockSection): number[] {
  const [a, b] = s.name.replace("blocks.", "").split("–").map(Number);
  return Array.from({ length: (b ?? a!) - a! + 1 }, (_, k) => a! + k);
}

/** Each section's layers with what the picture says and what spec/pmod.ts says they should be. */
function check(path: string, layers: number, decay: { mean: number; max: number; min: number }) {
  const g = lowered(path);
  const T = g.meta.context;
  const p = pictureModel(g);
  const seen: number[] = [];
  for (const s of p.sections) {
    for (const l of layersOf(s)) {
      seen.push(l);
      const want = keepRatio(l, layers, decay);
      if (want.dense) {
        expect(s.detail).toMatch(/ · dense \(p-MoD\)$/);
        expect(shape(s.diagram.items).some((x) => x.includes("p-MoD"))).toBe(false);
        continue;
      }
      const rho = want.ratio.toFixed(3);
      expect(s.detail).toContain(
        `routed: keeps ρ ${rho}, ${keptTokens(want.ratio, T)} of ${T} tokens`,
      );
      expect(shape(s.diagram.items)).toEqual([
        "op:p-MoD router",
        "op:p-MoD keep top-k",
        "res[LayerNorm > CausalSelfAttention]",
        "res[LayerNorm > MLP > TanhNorm weight]",
        "op:p-MoD scatter",
      ]);
      const gather = s.diagram.items[1];
      expect(gather?.kind === "op" ? gather.unit.detail : "").toBe(`ρ ${rho}`);
      const router = s.diagram.items[0];
      expect(router?.kind === "op" ? router.unit.params : 0).toBe(g.meta.width + 1);
    }
  }
  expect(seen).toEqual(Array.from({ length: layers }, (_, i) => i));
  return { g, p };
}

describe("archc graph: p-MoD", () => {
  it("examples/pmod.arch: dense layers 0–1, routed layers with ρ 0.655, 0.345, 0.15, 0.15", () => {
    const { g, p } = check("examples/pmod.arch", 6, { mean: 0.5, max: 0.85, min: 0.15 });
    expect(p.sections.map((s) => s.name)).toEqual([
      "blocks.0–1",
      "blocks.2",
      "blocks.3",
      "blocks.4–5",
    ]);
    expect(p.sections[1]!.detail).toContain("keeps ρ 0.655, 41 of 64 tokens");
    const svg = renderSvg(g);
    expect(svg).toContain("p-MoD router");
    expect(svg).toContain("routed: keeps ρ 0.150, 9 of 64 tokens");
  });

  it("other decay settings give other ratios per layer", () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-pmod-graph-"));
    const src = readFileSync("examples/pmod.arch", "utf8")
      .replace("const layers = 6", "const layers = 5")
      .replace("pmod(mean: 0.5, max: 0.85, min: 0.15)", "pmod(mean: 0.4, max: 0.8, min: 0.2)");
    const file = join(dir, "pmod5.arch");
    writeFileSync(file, src);
    const { p } = check(file, 5, { mean: 0.4, max: 0.8, min: 0.2 });
    expect(p.sections[0]!.detail).toMatch(/dense \(p-MoD\)$/);
    expect(p.sections.some((s) => s.detail.includes("keeps ρ 0.400"))).toBe(true);
  });

  it("a model without pmod has no p-MoD notes", () => {
    const p = pictureModel(lowered("examples/gpt.arch"));
    expect(p.sections.length).toBeGreaterThan(0);
    expect(p.sections.filter((s) => /p-MoD|routed/.test(s.detail))).toEqual([]);
  });
});
