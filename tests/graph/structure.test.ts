// Residual structure recovered from hand-built IR graphs: Pre-LN branches, Post-LN norms on the
// stream, a parallel block's shared norm and two lanes, an MoE layer as one unit, DWA sites.
import { describe, expect, it } from "vitest";
import { pictureModel } from "../../compiler/graph/model.ts";
import { placement, type BlockDiagram, type StreamItem } from "../../compiler/graph/structure.ts";
import { handGpt, type HandGpt } from "../report/hand-ir.ts";

const small = { vocab: 64, d: 32, heads: 2, layers: 4, context: 16 } satisfies HandGpt;

/** `op:LayerNorm`, `res[LayerNorm > CausalSelfAttention]`, `res[LayerNorm | A ; B]`. */
function shape(d: BlockDiagram): string[] {
  return d.items.map((it: StreamItem) =>
    it.kind === "op"
      ? `op:${it.unit.label}`
      : `res[${it.skip.map((u) => `skip ${u.label} ; `).join("")}${it.shared.map((u) => `${u.label} | `).join("")}${it.lanes.map((l) => l.map((u) => u.label).join(" > ")).join(" ; ")}]`,
  );
}

describe("block structure", () => {
  it("Pre-LN: two branches, each a norm then the sublayer; 4 identical layers fold into × 4", () => {
    const p = pictureModel(handGpt(small));
    expect(p.sections.map((s) => [s.name, s.count])).toEqual([["blocks.0–3", 4]]);
    const d = p.sections[0]!.diagram;
    expect(shape(d)).toEqual(["res[LayerNorm > CausalSelfAttention]", "res[LayerNorm > MLP]"]);
    expect(d.items.map((_, i) => placement(d.items, i))).toEqual(["pre", "pre"]);
  });

  it("Mix-LN: Post-LN layers (norm on the stream) and Pre-LN layers form two sections", () => {
    const p = pictureModel(handGpt({ ...small, placement: (i) => (i < 1 ? "post" : "pre") }));
    expect(p.sections.map((s) => [s.name, s.count])).toEqual([
      ["blocks.0", 1],
      ["blocks.1–3", 3],
    ]);
    const d = p.sections[0]!.diagram;
    expect(shape(d)).toEqual([
      "res[CausalSelfAttention]",
      "op:LayerNorm",
      "res[MLP]",
      "op:LayerNorm",
    ]);
    expect(placement(d.items, 0)).toBe("post");
  });

  it("parallel: one shared norm, attention and MLP side by side, one ⊕", () => {
    const p = pictureModel(handGpt({ ...small, parallel: true }));
    expect(shape(p.sections[0]!.diagram)).toEqual(["res[LayerNorm | CausalSelfAttention ; MLP]"]);
  });

  it("MoE: router, experts and combine collapse into one unit; dense/MoE alternation folds as a cycle", () => {
    const p = pictureModel(
      handGpt({
        ...small,
        moe: { experts: 8, topK: 2, router: "softmax", layers: (i) => i % 2 === 1 },
      }),
    );
    expect(p.sections.map((s) => [s.name, s.count])).toEqual([["blocks.0–3", 2]]);
    const members = p.sections[0]!.members ?? [];
    expect(members.map((m) => m.name)).toEqual(["blocks.0, 2", "blocks.1, 3"]);
    const moe = members[1]!.diagram.items[1];
    expect(moe?.kind === "residual" ? moe.lanes[0]?.map((u) => u.label) : []).toEqual([
      "LayerNorm",
      "MoE · 8 experts · top-2",
    ]);
    const unit = moe?.kind === "residual" ? moe.lanes[0]?.[1] : undefined;
    expect(unit?.moe?.experts).toBe(8);
    expect(unit?.moe?.activeParams).toBeLessThan(unit?.params ?? 0);
  });

  it("DWA: every site with its sources, dilation and period recovered", () => {
    const p = pictureModel(handGpt({ ...small, dwa: { dilation: 2, period: 1 } }));
    expect(p.dwa?.dilation).toBe(2);
    expect(p.dwa?.period).toBe(1);
    expect(p.dwa?.sites.map((s) => s.sources)).toEqual([[1], [0, 2], [1, 3], [0, 2, 4]]);
    expect(p.sections.map((s) => s.count)).toEqual([4]);
  });

  it("tied and untied heads", () => {
    expect(pictureModel(handGpt(small)).head.tied).toBe(true);
    const untied = pictureModel(handGpt({ ...small, tied: false }));
    expect(untied.head.tied).toBe(false);
    expect(untied.head.detail).toContain("Linear 32 → 64");
  });
});
