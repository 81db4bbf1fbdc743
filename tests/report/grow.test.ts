// The report's growth stages (compiler/report/grow.ts) are the lowering's stage graphs: one per event,
// in step order, each passing the IR verifier (tests/growth checks their contents and parameter counts).
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { growStages } from "../../compiler/report/grow.ts";

describe("grow stages in the report", () => {
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
