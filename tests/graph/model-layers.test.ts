// The model's layers have one definition (ir/structure.ts's layerScopes: the outermost repeat
// iterations) and two users, `archc drop`'s numbering (drop/layers.ts) and the model description
// (describe.ts): on unusual nestings (two top-level repeats, a repeat inside a block inside a
// repeat, a repeat inside a block called at the top, a plain block beside a repeat) both list
// the same layers, each with the sublayers of its own subtree.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { describeModel } from "../../compiler/describe.ts";
import { layersOf } from "../../compiler/drop/layers.ts";
import type { Graph } from "../../compiler/ir/types.ts";

const BLOCKS = `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

block Layer(d: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, 2) }
  residual(pre, layernorm) { MLP(d, 4 * d, act: gelu) }
}

block Pair(d: int) {
  repeat 2 { Layer(d) }
}
`;

function graphOf(body: string): Graph {
  const text = `${BLOCKS}
model M {
  input tokens: int[batch, 8]
  embed TokenEmbedding(256, 16) + LearnedPositions(8, 16)
${body}
  norm layernorm
  head tied
}
`;
  const r = analyzeFile("layers.arch", { text });
  expect(r.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  return r.program!.graph;
}

/** Both users' layers: drop's instances and the description's, with each layer's sublayer count. */
function bothViews(g: Graph): { drop: string[]; described: string[]; sublayers: number[] } {
  const d = describeModel(g);
  expect(d.layers).toBe(d.layerList.length);
  return {
    drop: layersOf(g).map((l) => l.instance),
    described: d.layerList.map((l) => l.instance),
    sublayers: d.layerList.map((l) => l.sublayers.length),
  };
}

describe("the model's layers", () => {
  const cases: [string, string, string[], number][] = [
    [
      "two top-level repeats number on across both",
      "  repeat 2 { Layer(16) }\n  repeat 1 { Layer(16) }",
      ["blocks.0", "blocks.1", "blocks.2"],
      2,
    ],
    [
      "a repeat inside a block inside a repeat: the outer iterations, the inner ones inside them",
      "  repeat 2 { Pair(16) }",
      ["blocks.0", "blocks.1"],
      4,
    ],
    [
      "a repeat inside a block called at the top: its iterations",
      "  Pair(16)",
      ["pair.blocks.0", "pair.blocks.1"],
      2,
    ],
    [
      "a block outside any repeat is not a layer",
      "  Layer(16)\n  repeat 2 { Layer(16) }",
      ["blocks.0", "blocks.1"],
      2,
    ],
  ];
  for (const [what, body, instances, sublayers] of cases)
    it(what, () => {
      const v = bothViews(graphOf(body));
      expect(v.drop).toEqual(instances);
      expect(v.described).toEqual(v.drop);
      expect(v.sublayers).toEqual(instances.map(() => sublayers));
    });
});
