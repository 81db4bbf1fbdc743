// The picture takes each residual's placement and the roles of its norms from the structure
// (the residual scope), not from where the norms sit: graphs whose node patterns would read as
// another placement, built with the GraphBuilder's `within`.
import { describe, expect, it } from "vitest";
import { pictureModel } from "../../compiler/graph/model.ts";
import { placement, type StreamItem } from "../../compiler/graph/structure.ts";
import { block, residual, scopedModel } from "../report/structure-graph.ts";

/** `res(pre)[LayerNorm > Linear]`, `res(deepnorm)[skip × 2 ; Linear]`, `op:LayerNorm`. */
function items(g: ReturnType<typeof scopedModel>): string[] {
  const d = pictureModel(g).sections[0]!.diagram;
  return d.items.map((it: StreamItem, i) =>
    it.kind === "op"
      ? `op:${it.unit.label}`
      : `res(${placement(d.items, i)})[${it.skip.map((u) => `skip ${u.label} ; `).join("")}${it.lanes.map((l) => l.map((u) => u.label).join(" > ")).join(" ; ")}]`,
  );
}

describe("the picture reads placements from the structure", () => {
  it("residual(none) whose branch begins with its own norm is none, not pre", () => {
    const g = scopedModel([
      (x, o, b) =>
        b.within(residual("none"), () => o.add(x, o.linear(o.norm(x, "own_ln"), "proj"))),
    ]);
    expect(items(g)).toEqual(["res(none)[LayerNorm > Linear]"]);
  });

  it("residual(pre) whose branch ends in a norm is pre, not peri", () => {
    const g = scopedModel([
      (x, o, b) =>
        b.within(residual("pre"), () =>
          o.add(x, o.norm(o.linear(o.norm(x, "ln_in"), "proj"), "own_ln")),
        ),
    ]);
    expect(items(g)).toEqual(["res(pre)[LayerNorm > Linear > LayerNorm]"]);
  });

  it("DeepNorm with α = 1 (Post-LN's nodes) is deepnorm; with α ≠ 1 the × α is on the skip path", () => {
    const deep = (alpha: number) =>
      scopedModel([
        (x, o, b) =>
          b.within(residual("deepnorm", alpha), () => {
            const branch = o.linear(x, "proj");
            const skip = alpha === 1 ? x : o.scale(x, alpha);
            return o.norm(o.add(skip, branch), "ln_post");
          }),
      ]);
    expect(items(deep(1))).toEqual(["res(deepnorm)[Linear]", "op:LayerNorm"]);
    expect(items(deep(2))).toEqual(["res(deepnorm)[skip × 2 ; Linear]", "op:LayerNorm"]);
  });

  it("Sub-LN: the norm inside the block before its last Linear is drawn on its own", () => {
    const g = scopedModel([
      (x, o, b) =>
        b.within(residual("sub"), () => {
          const h = o.norm(x, "ln_in");
          const out = b.within(block("Proj", "blocks.0.proj"), () =>
            o.linear(o.norm(o.linear(h, "proj.a"), "proj.ln_sub"), "proj.out", "out"),
          );
          return o.add(x, out);
        }),
    ]);
    expect(items(g)).toEqual(["res(sub)[LayerNorm > Proj > LayerNorm > Proj · out]"]);
  });
});
