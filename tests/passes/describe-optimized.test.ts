// The model description (compiler/describe.ts: what `archc export` reads, built from the optimized
// graph) does not depend on the optimizer: for every example it equals the description of the
// graph before the passes. In particular a linear whose activation fuseLinearActivation folded in
// (GELU MLPs, SwiGLU's silu gate) keeps its role (ffn.up, ffn.gate; the next linear ffn.down) and
// the model keeps its `activation`.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { describeModel } from "../../compiler/describe.ts";
import { buildProgram } from "../../compiler/program.ts";

const examples = readdirSync("examples")
  .filter((f) => f.endsWith(".arch"))
  .map((f) => `examples/${f}`);

describe("describeModel of the optimized graph", () => {
  for (const file of examples) {
    it(`${file}: equals the description before the passes`, () => {
      const r = buildProgram(file, { skipDataFiles: true });
      expect(r.model, file).toBeDefined();
      const { trace, graph } = r.model!;
      expect(describeModel(graph)).toEqual(describeModel(trace[0]!.graph));
    });
  }

  it("gpt.arch and swiglu-rmsnorm.arch: fused MLP and gate roles", () => {
    const gpt = describeModel(
      buildProgram("examples/gpt.arch", { skipDataFiles: true }).model!.graph,
    );
    expect(gpt.activation).toBe("gelu_tanh");
    expect(Object.values(gpt.params)).toEqual(
      expect.arrayContaining(["ffn.up.kernel", "ffn.up.bias", "ffn.down.kernel"]),
    );
    const llama = buildProgram("examples/swiglu-rmsnorm.arch", { skipDataFiles: true });
    const d = describeModel(llama.model!.graph);
    expect(d.activation).toBe("silu");
    expect(d.params["blocks.0.swiglu.g.kernel"]).toBe("ffn.gate.kernel");
    expect(d.params["blocks.0.swiglu.u.kernel"]).toBe("ffn.up.kernel");
    expect(d.params["blocks.0.swiglu.out.kernel"]).toBe("ffn.down.kernel");
  });
});
