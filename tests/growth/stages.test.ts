// The stage graphs of compiler/lower/grow-stages.ts: grow-msg.arch's four stages (parameter counts
// by hand, finished ramps dropped, stacking copies), overlapping ramps kept, the head size kept by
// heads growth, and ARCH3519 for events the structure cannot follow.
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { compileFile } from "../../compiler/compile.ts";
import { paramSize } from "../../compiler/ir/param-count.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { growStageGraphs } from "../../compiler/lower/grow-stages.ts";
import { programReport } from "../../compiler/report/index.ts";
import { REPO } from "../codegen/support.ts";
import { DIR, tinyText, writeArch } from "./support.ts";

const count = (g: Graph): number =>
  g.nodes
    .flatMap((n) => n.params.filter((p) => p.tiedTo === undefined))
    .reduce((s, p) => s + paramSize(p), 0);
const masks = (g: Graph): number => g.nodes.filter((n) => n.kind === "growMask").length;
const maskedNorms = (g: Graph): number =>
  g.nodes.filter(
    (n) => (n.kind === "layerNorm" || n.kind === "rmsNorm") && n.attrs.grow !== undefined,
  ).length;

function stagesOf(path: string): ReturnType<typeof growStageGraphs> {
  const program = analyzeFile(path, { cwd: REPO }).program!;
  return growStageGraphs(program.graph, program.grow!);
}

describe("grow stages", () => {
  it("grow-msg.arch: four stages, hand-counted parameters, finished ramps dropped", () => {
    const stages = stagesOf(join(REPO, "examples", "grow-msg.arch"));
    // base: 2 layers of d 64, ffn 256, attention width 64; vocab 256, context 64
    const layer = (d: number, att: number, ffn: number): number =>
      4 * d + (3 * (d * att + att) + att * d + d) + (d * ffn + ffn + ffn * d + d);
    const model = (d: number, att: number, ffn: number, layers: number): number =>
      256 * d + 64 * d + layers * layer(d, att, ffn) + 2 * d;
    expect(stages.map((s) => count(s.graph))).toEqual([
      model(64, 64, 512, 2),
      model(64, 128, 512, 2), // heads 4 → 8 at head size 16
      model(96, 128, 512, 2),
      model(96, 128, 512, 4),
    ]);
    const att = stages[1]!.graph.nodes.filter((n) => n.kind === "attention");
    expect(
      att.map((n) => (n.kind === "attention" ? [n.attrs.heads, n.attrs.headDim] : [])),
    ).toEqual([
      [8, 16],
      [8, 16],
    ]);
    // each stage masks only its own event (the earlier ramps of 50 steps ended 50 steps before)
    expect(stages.map((s) => [masks(s.graph), maskedNorms(s.graph)])).toEqual([
      [2, 0], // the FFN up-projections
      [6, 0], // q, k, v of two layers
      [6, 5], // embedding, positions, W_O and FFN down ×2; four block norms and the final norm
      [2, 0], // two new blocks
    ]);
    expect(stages[3]!.copies).toEqual({ "blocks.2": "blocks.0", "blocks.3": "blocks.1" });
    // the static report (archc check --report) shows the same figures
    const program = analyzeFile(join(REPO, "examples", "grow-msg.arch"), { cwd: REPO }).program!;
    const report = programReport(program);
    expect(report.grow?.map((e) => e.after.params)).toEqual(stages.map((s) => count(s.graph)));
  });

  it("keeps the masks of a ramp still running at the next event", () => {
    const text = tinyText({
      event:
        "at step 10: ffn 32 -> 64 masked over 50 steps\n  at step 20: width 16 -> 24 masked over 5 steps",
    });
    const stages = stagesOf(writeArch("overlap", text));
    expect(masks(stages[1]!.graph)).toBe(2 + 6);
    const norms = stages[1]!.graph.nodes.filter((n) => n.kind === "layerNorm");
    expect(norms.every((n) => n.kind === "layerNorm" && n.attrs.grow?.length === 1)).toBe(true);
  });

  it("reports width growth with sinusoidal positions as ARCH3519, at the grow event", async () => {
    const event = "at step 1: width 16 -> 24 masked over 2 steps";
    const text = tinyText({ event }).replace(/LearnedPositions\(/, "SinusoidalPositions(");
    const path = writeArch("reject-sinusoidal", text);
    const r = await compileFile(path, { cwd: REPO, outDir: join(DIR, "rejected") });
    expect(r.files).toBeUndefined();
    const d = r.diagnostics.find((x) => x.code === "ARCH3519");
    expect(d?.message).toContain("sinusoidal");
    expect(d?.span.file).toBe(relative(REPO, path));
    expect(text.slice(d?.span.start, d?.span.end)).toBe(event);
  });
});
