// The report of an optimized graph counts MoE FLOPs as they run (report/moe.ts computeShares): a
// dispatched layer's experts at their capacity share plus its moeDispatch gather/scatter matmuls, a
// layer kept dense at every expert on every token; active parameters stay the routed share.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { optimize } from "../../compiler/passes/pipeline.ts";
import { dispatchSlots, trainFlops } from "../../compiler/report/flops.ts";
import { computeShares, tokenShares } from "../../compiler/report/moe.ts";
import { graphFigures } from "../../compiler/report/report.ts";
import { REPO } from "../codegen/support.ts";

const graphOf = (file: string) => analyzeFile(`${REPO}/${file}`, { cwd: REPO }).program!.graph;

describe("report FLOPs of dispatched MoE layers", () => {
  it("moe-switch: experts at capacity/E, dispatch nodes for every token", () => {
    const g = graphOf("examples/moe-switch.arch");
    const o = optimize(g, { batch: 16, moeStrategy: "dispatch" });
    const shares = computeShares(o);
    const dispatch = o.nodes.filter((n) => n.kind === "moeDispatch");
    expect(dispatch).toHaveLength(16); // 2 layers × 8 experts
    for (const n of dispatch) {
      expect(shares.get(n.id)).toBe(1);
      if (n.kind === "moeDispatch") expect(dispatchSlots(n, 64)).toBe(10); // ⌈1.25·64/8⌉
    }
    const expertLinears = o.nodes.filter((n) => n.params[0]?.name.includes(".experts.") === true);
    expect(expertLinears.length).toBeGreaterThan(0);
    for (const n of expertLinears) {
      expect(shares.get(n.id)).toBeCloseTo(1.25 / 8, 12);
      expect(tokenShares(o).get(n.id)).toBeCloseTo(1 / 8, 12);
    }
    const gatherScatter = dispatch.reduce((s, n) => s + trainFlops(n, 64), 0);
    const a = graphFigures(g);
    const b = graphFigures(o);
    expect(b.activeParams).toBe(a.activeParams);
    expect(b.trainFlops).toBeGreaterThan(a.trainFlops + gatherScatter * 0.99);
  });

  it("a layer kept dense counts every expert on every token", () => {
    const g = graphOf("examples/moe-switch.arch");
    const o = optimize(g, { batch: 16, moeStrategy: "dense" });
    const shares = computeShares(o);
    for (const n of o.nodes)
      if (n.params[0]?.name.includes(".experts.") === true) expect(shares.get(n.id)).toBe(1);
  });
});
