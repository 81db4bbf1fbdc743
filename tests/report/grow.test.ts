// Growth events rebuilt as IR (compiler/report/grow.ts): every grown graph passes the IR verifier,
// widths and depths change as the event says, and depth by stacking copies the blocks' shapes.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { graphParamCount } from "../../compiler/ir/param-count.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import type { GrowEventSpec } from "../../compiler/lower/grow-spec.ts";
import { describeEvent, growGraph, growStages } from "../../compiler/report/grow.ts";
import { handGpt } from "./hand-ir.ts";

const ev = (target: GrowEventSpec["target"], from: number, to: number): GrowEventSpec => ({
  step: 1,
  target,
  from,
  to,
  maskedOver: 0,
});

describe("grow rebuild", () => {
  const g = handGpt({ vocab: 64, d: 32, heads: 2, layers: 2, context: 16 });

  it("keeps the IR valid for every kind of event", () => {
    for (const e of [
      ev("ffn", 128, 256),
      ev("heads", 2, 4),
      ev("width", 32, 48),
      ev("depth", 2, 4),
    ]) {
      expect(verifyGraph(growGraph(g, e)), describeEvent(e)).toEqual([]);
    }
  });

  it("resizes what the event names", () => {
    const wide = growGraph(g, ev("width", 32, 48));
    expect(wide.meta.width).toBe(48);
    expect(wide.nodes.find((n) => n.kind === "attention")?.attrs).toMatchObject({
      heads: 2,
      headDim: 24,
    });
    const heads = growGraph(g, ev("heads", 2, 4));
    expect(heads.nodes.find((n) => n.kind === "attention")?.attrs).toMatchObject({
      heads: 4,
      headDim: 8,
    });
    expect(graphParamCount(heads)).toBe(graphParamCount(g));
    const deep = growGraph(g, ev("depth", 2, 4));
    const layer = (graphParamCount(g) - 64 * 32 - 16 * 32 - 2 * 32) / 2;
    expect(graphParamCount(deep)).toBe(graphParamCount(g) + 2 * layer);
    expect(deep.nodes.some((n) => n.params.some((p) => p.name.startsWith("blocks.3.")))).toBe(true);
  });

  it("follows the grow-msg schedule event by event", () => {
    const r = analyzeFile("examples/grow-msg.arch");
    const p = r.program!;
    const stages = growStages(p.graph, p.grow!.events);
    expect(stages.map((s) => s.event)).toEqual([
      "ffn 256 → 512, masked over 50 steps",
      "heads 4 → 8, masked over 50 steps",
      "width 64 → 96, masked over 50 steps",
      "depth 2 → 4 by stacking, masked over 50 steps",
    ]);
    for (const s of stages) expect(verifyGraph(s.graph)).toEqual([]);
  });
});
