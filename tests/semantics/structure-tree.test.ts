// The structure lowering records beside the flat graph (compiler/ir/structure.ts): which construct
// instance every node belongs to, checked by the verifier, and kept by growth stages.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { growStageGraphs } from "../../compiler/lower/grow-stages.ts";
import { scopeChain } from "../../compiler/ir/structure.ts";
import type { Graph, Node } from "../../compiler/ir/types.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { graphOf, tinyModel } from "./helpers.ts";

const chain = (g: Graph, n: Node): string[] =>
  scopeChain(g.structure, n.origin.scope).map((s) =>
    "instance" in s ? `${s.kind}:${s.instance}` : s.kind,
  );
const byParam = (g: Graph, name: string): Node => {
  const n = g.nodes.find((m) => m.params.some((p) => p.name === name));
  if (n === undefined) throw new Error(`no node owns ${name}`);
  return n;
};

const text = tinyModel(
  `  repeat 2 as i {
    residual(pre, layernorm) { CausalSelfAttention(d, heads) }
    residual(pre, layernorm) {
      moe(experts: 2, top_k: 1, router: softmax) { MLP(d, 4 * d) }
    }
  }
  parallel(shared_norm: true) { CausalSelfAttention(d, heads); MLP(d, 4 * d) }`,
);

describe("structure as data", () => {
  it("records repeat, iteration, residual, moe, expert, parallel and block instances", () => {
    const g = graphOf(text);
    expect(verifyGraph(g)).toEqual([]);
    expect(chain(g, byParam(g, "blocks.1.moe.router.kernel"))).toEqual([
      "model",
      "repeat",
      "iteration:blocks.1",
      "residual",
      "moe",
    ]);
    expect(chain(g, byParam(g, "blocks.0.moe.experts.1.linear_0.kernel"))).toEqual([
      "model",
      "repeat",
      "iteration:blocks.0",
      "residual",
      "moe",
      "expert:blocks.0.moe.experts.1",
      "block:blocks.0.moe.experts.1",
    ]);
    const parallel = g.structure.find((s) => s.kind === "parallel");
    expect(parallel).toMatchObject({ sharedNorm: true, norm: "layernorm" });
    expect(g.structure.filter((s) => s.kind === "branch").map((s) => s.parent)).toEqual([
      parallel!.id,
      parallel!.id,
    ]);
    const repeat = g.structure.find((s) => s.kind === "repeat");
    expect(repeat).toMatchObject({ count: 2, index: "i" });
    const block = g.structure.find((s) => s.kind === "block" && s.block === "MLP");
    expect(block).toMatchObject({ args: { d: 32, hidden: 128 }, shared: false });
  });

  it("the verifier rejects a missing scope and a construct split in two", () => {
    const g = graphOf(text);
    const withScope = (id: number, scope: number): Graph => ({
      ...g,
      nodes: g.nodes.map((n) => (n.id === id ? { ...n, origin: { ...n.origin, scope } } : n)),
    });
    expect(verifyGraph(withScope(3, 999)).join("\n")).toMatch(/scope 999 does not exist/);
    const expert = g.structure.find((s) => s.kind === "expert")!;
    const inside = g.nodes.find((n) => n.origin.scope === expert.id + 1)!;
    // the input node (id 0) claims to be inside the expert: the expert's nodes are no longer one run
    expect(verifyGraph(withScope(0, inside.origin.scope)).join("\n")).toMatch(/spread over/);
  });

  it("growth stages keep the structure: depth growth adds iterations, stages are numbered", () => {
    const { program } = analyzeFile("examples/grow-msg.arch");
    const stages = growStageGraphs(program!.graph, program!.grow!);
    const iterations = (g: Graph): number =>
      g.structure.filter((s) => s.kind === "iteration").length;
    stages.forEach((s, k) => {
      expect(verifyGraph(s.graph)).toEqual([]);
      expect(s.graph.structure[0]).toMatchObject({ kind: "model", stage: k + 1 });
    });
    const depth = stages.find((s) => s.event.target === "depth")!;
    expect(iterations(depth.graph)).toBe(depth.event.to);
    const grown = depth.graph.structure.filter((s) => s.kind === "iteration").at(-1)!;
    expect(grown).toMatchObject({ index: depth.event.to - 1 });
  });
});
