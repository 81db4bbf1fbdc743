// Properties of every lowered example: no errors, the verifier accepts the graph, JSON round trip
// is the identity, and the printed form is stable; plus GPT-2 small's exact parameter count.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { fromJson, toJson } from "../../compiler/ir/json.ts";
import { graphParamCount } from "../../compiler/ir/param-count.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";

const examples = readdirSync("examples").filter((f) => f.endsWith(".arch"));

describe("every example", () => {
  for (const f of examples) {
    it(`${f}: lowers without errors, verifies, and round-trips through JSON`, () => {
      const r = analyzeFile(`examples/${f}`);
      expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
      const g = r.program?.graph;
      if (g === undefined) throw new Error("no graph");
      expect(verifyGraph(g)).toEqual([]);
      const back = fromJson(toJson(g));
      expect(back).toEqual(g);
      expect(toJson(back)).toBe(toJson(g));
      expect(printGraph(back)).toBe(printGraph(g));
    });
  }
});

describe("parameter counts", () => {
  it("GPT-2 small has exactly 124,439,808 parameters", () => {
    const g = analyzeFile("examples/gpt2-small.arch").program?.graph;
    if (g === undefined) throw new Error("no graph");
    const [V, C, d, L, f] = [50_257, 1024, 768, 12, 3072];
    const embeddings = V * d + C * d; // token table (tied with the head) + learned positions
    const attention = 4 * d * d + 4 * d; // q, k, v, out with biases
    const mlp = d * f + f + f * d + d; // up and down with biases
    const norms = 2 * (2 * d); // two LayerNorms (scale + bias) per layer
    const finalNorm = 2 * d;
    const formula = embeddings + L * (attention + mlp + norms) + finalNorm;
    expect(formula).toBe(124_439_808);
    expect(graphParamCount(g)).toBe(formula);
  });
});
