// The passes keep the parameter list (compiler/passes/, merge-qkv.ts's header): for every example,
// with every MoE strategy forced, the optimized program owns exactly the unoptimized program's
// parameters, by name and shape, base model and growth stages alike. `archc drop` checks a
// checkpoint against the unoptimized source model on this ground (cli/runs/drop-source.ts), and
// optimized and unoptimized programs load each other's checkpoints.
import { describe, expect, it } from "vitest";
import { ownedParamSpecs, graphParamCount } from "../../compiler/ir/param-count.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { buildProgram, type ProgramOptions } from "../../compiler/program.ts";
import { MOE_STRATEGIES } from "../../spec/moe.ts";
import { exampleFiles } from "../decode/support.ts";

/** Each model of the program (base, then stages): its parameters `name [shape]`, sorted, and its count. */
function paramLists(file: string, opts: ProgramOptions): { names: string[]; count: number }[] {
  const p = buildProgram(`examples/${file}`, { skipDataFiles: true, ...opts });
  expect(p.model, file).toBeDefined();
  const graphs: Graph[] = [p.model!.graph, ...(p.model!.stages ?? []).map((s) => s.stage.graph)];
  return graphs.map((g) => ({
    names: ownedParamSpecs(g)
      .map((q) => `${q.name} [${q.shape.join(", ")}]`)
      .sort(),
    count: graphParamCount(g),
  }));
}

describe("the passes keep every parameter", () => {
  for (const file of exampleFiles())
    it(file, () => {
      const plain = paramLists(file, { optimize: false });
      expect(plain[0]!.names.length, file).toBeGreaterThan(0);
      expect(paramLists(file, {}), file).toEqual(plain);
      if (/moe/.test(file))
        for (const moeStrategy of MOE_STRATEGIES)
          expect(paramLists(file, { moeStrategy }), `${file} --moe ${moeStrategy}`).toEqual(plain);
    });
});
