// The report of an optimized graph counts a linear with its activation fused in
// (fuseLinearActivation) as the linear and the activation it replaces: the FLOPs of examples whose
// MLP GELU or SwiGLU silu gate fuses are those of the graph before the passes.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { optimize } from "../../compiler/passes/pipeline.ts";
import { graphFigures } from "../../compiler/report/report.ts";
import { REPO } from "../codegen/support.ts";

const graphOf = (file: string) => analyzeFile(`${REPO}/${file}`, { cwd: REPO }).program!.graph;

describe("report FLOPs of fused linears", () => {
  for (const file of ["examples/gpt.arch", "examples/swiglu-rmsnorm.arch"]) {
    it(`${file}: forward and training FLOPs unchanged by the optimizer`, () => {
      const g = graphOf(file);
      const o = optimize(g, { batch: 16 });
      expect(o.nodes.some((n) => n.kind === "fusedLinear" && n.attrs.activation !== "linear")).toBe(
        true,
      );
      const [before, after] = [graphFigures(g), graphFigures(o)];
      expect(after.forwardFlops).toBe(before.forwardFlops);
      expect(after.trainFlops).toBe(before.trainFlops);
    });
  }
});
