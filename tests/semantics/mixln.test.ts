// Mix-LN's one-word placement `mixln(alpha: α)` (constructs.md §3.5): Post-LN in the layers
// ℓ < ⌊αL⌋ of the enclosing repeat (0-based ℓ, L its count), Pre-LN in the rest; the structure
// records the resolved placement, α = 0 is Pre-LN (same IR and generated code), and it is an error
// outside a repeat or with α outside [0, 1].
import { describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { errorCodes, graphOf, tinyModel } from "./helpers.ts";

const inRepeat = (layers: number, placement: string): string =>
  tinyModel(
    `  repeat layers as i {
    residual(${placement}, layernorm) { CausalSelfAttention(d, heads) }
    residual(${placement}, layernorm) { MLP(d, 4 * d) }
  }`,
    `const layers = ${layers}`,
  );

/** The same model with the placement a block parameter, as examples/norms/mixln.arch writes it. */
const throughBlock = (layers: number, placement: string): string =>
  tinyModel(
    `  repeat layers { Layer(d, heads, p: ${placement}) }`,
    `const layers = ${layers}
block Layer(d: int, heads: int, p: placement) {
  residual(p, layernorm) { CausalSelfAttention(d, heads) }
  residual(p, layernorm) { MLP(d, 4 * d) }
}`,
  );

/** The resolved placement of each residual, by the index of its repeat iteration. */
function placements(g: Graph): string[][] {
  const byLayer: string[][] = [];
  for (const s of g.structure) {
    if (s.kind !== "residual") continue;
    let up = s.parent;
    while (up !== null && g.structure[up]?.kind !== "iteration")
      up = g.structure[up]?.parent ?? null;
    const it = up === null ? undefined : g.structure[up];
    if (it?.kind !== "iteration") throw new Error("a residual outside the repeat");
    (byLayer[it.index] ??= []).push(s.placement);
  }
  return byLayer;
}

const expected = (layers: number, alpha: number): string[][] =>
  Array.from({ length: layers }, (_, l) => {
    const p = l < Math.floor(alpha * layers) ? "post" : "pre";
    return [p, p];
  });

describe("mixln placement", () => {
  for (const [layers, alpha] of [
    [6, 0.25],
    [7, 0.25],
    [6, 0.5],
    [7, 0.5],
    [7, 0.3],
  ] as const) {
    it(`L = ${layers}, α = ${alpha}: the first ⌊αL⌋ = ${Math.floor(alpha * layers)} layers are Post-LN`, () => {
      const want = expected(layers, alpha);
      expect(placements(graphOf(inRepeat(layers, `mixln(alpha: ${alpha})`)))).toEqual(want);
      expect(placements(graphOf(throughBlock(layers, `mixln(alpha: ${alpha})`)))).toEqual(want);
    });
  }

  it("counts ⌊αL⌋, not ⌈L/4⌉ as `i < layers / 4` did (L = 6: one Post-LN layer, not two)", () => {
    expect(
      placements(graphOf(inRepeat(6, "mixln(alpha: 0.25)")))
        .flat()
        .filter((p) => p === "post"),
    ).toHaveLength(2);
  });

  it("bare `mixln` is α = 0.25, the paper's default", () => {
    expect(placements(graphOf(inRepeat(8, "mixln")))).toEqual(expected(8, 0.25));
  });

  it("α = 0 is Pre-LN and α = 1 Post-LN: the same IR and the same generated code", async () => {
    const code = async (p: string): Promise<string | undefined> => {
      const r = await compileFile("tests/semantics/virtual.arch", {
        text: inRepeat(6, p),
        outDir: "out/tests/mixln",
      });
      return r.files?.find((f) => f.path === "model.ts")?.text;
    };
    for (const [alpha, same] of [
      ["0.0", "pre"],
      ["1.0", "post"],
    ] as const) {
      const mix = `mixln(alpha: ${alpha})`;
      const plain = same.padEnd(mix.length); // same source offsets in both
      expect(printGraph(graphOf(inRepeat(6, mix)))).toBe(printGraph(graphOf(inRepeat(6, plain))));
      const generated = await code(mix);
      expect(generated).toBeDefined();
      expect(generated).toBe(await code(plain));
    }
  });

  it("is a located error outside a repeat and for α outside [0, 1]", () => {
    expect(
      errorCodes(tinyModel("  residual(mixln(alpha: 0.25), layernorm) { MLP(d, 4 * d) }")),
    ).toEqual(["ARCH3032"]);
    expect(errorCodes(inRepeat(4, "mixln(alpha: 1.5)"))).toEqual(["ARCH3013", "ARCH3013"]);
    expect(errorCodes(inRepeat(4, "mixln(alpha: -0.25)"))).toEqual(["ARCH3013", "ARCH3013"]);
  });
});
