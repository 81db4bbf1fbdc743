// The report's parts are the structure's scopes: each iteration of the repeat is one block part
// whatever its parameters are called (names that a guess from `…blocks.<n>` prefixes would
// mis-group), and a block scope names the part's block.
import { describe, expect, it } from "vitest";
import { pictureModel } from "../../compiler/graph/model.ts";
import { parts } from "../../compiler/report/groups.ts";
import { buildReport } from "../../compiler/report/report.ts";
import { block, residual, scopedModel } from "./structure-graph.ts";

// both iterations name their weights `enc.blocks.7.*`: one part by name, two by structure
const misnamed = scopedModel(
  [0, 1].map(
    (i) => (x, o, b) =>
      b.within(block("Layer", `blocks.${i}`), () =>
        b.within(residual("pre"), () =>
          o.add(x, o.linear(o.norm(x, `enc.blocks.7.ln_${i}`), `enc.blocks.7.w_${i}`)),
        ),
      ),
  ),
);

describe("the report reads its parts from the structure", () => {
  it("one part per iteration, named by it, the block from its block scope", () => {
    expect(parts(misnamed).map((p) => [p.key, p.block, p.nodes.length])).toEqual([
      ["input", "token ids", 1],
      ["embed", "embedding", 1],
      ["blocks.0", "Layer", 3],
      ["blocks.1", "Layer", 3],
      ["norm", "final norm", 1],
      ["head", "LM head", 1],
    ]);
  });

  it("the rows fold the two identical iterations; the picture shows one section × 2", () => {
    const r = buildReport(misnamed);
    expect(r.rows.map((row) => [row.name, row.block, row.count])).toEqual([
      ["embed", "embedding", 1],
      ["blocks.0–1", "Layer", 2],
      ["norm", "final norm", 1],
      ["head", "LM head", 1],
    ]);
    expect(pictureModel(misnamed).sections.map((s) => [s.name, s.count])).toEqual([
      ["blocks.0–1", 2],
    ]);
  });
});
