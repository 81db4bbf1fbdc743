// The dispatchMoe pass's IR: the verifier's MoE rules (compiler/ir/verify-moe.ts) reject broken
// dispatch forms, and a layer whose experts are not position-wise stays dense.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import type { Graph, Node } from "../../compiler/ir/types.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { optimize } from "../../compiler/passes/pipeline.ts";
import { REPO } from "../codegen/support.ts";

const graphOf = (path: string): Graph => analyzeFile(path, { cwd: REPO }).program!.graph;
const dispatched = (): Graph =>
  optimize(graphOf(`${REPO}/examples/moe-switch.arch`), { moeStrategy: "dispatch" });
const withNode = (g: Graph, n: Node): Graph => ({
  ...g,
  nodes: g.nodes.map((m) => (m.id === n.id ? n : m)),
});

describe("verifier: MoE dispatch form", () => {
  it("accepts the pass's output", () => {
    expect(verifyGraph(dispatched())).toEqual([]);
  });

  it("rejects an expert that reads the MoE input directly", () => {
    const g = dispatched();
    const d = g.nodes.find((n) => n.kind === "moeDispatch")!;
    const reader = g.nodes.find((n) => n.inputs.includes(d.id) && n.kind !== "moeDispatch")!;
    const bad = withNode(g, {
      ...reader,
      inputs: reader.inputs.map((i) => (i === d.id ? d.inputs[0]! : i)),
    } as Node);
    expect(verifyGraph(bad).join("\n")).toMatch(/reads the MoE input .* directly/);
  });

  it("rejects dispatch nodes under a dense combine", () => {
    const g = dispatched();
    const c = g.nodes.find((n) => n.kind === "moeCombine")!;
    if (c.kind !== "moeCombine") throw new Error("unreachable");
    const bad = withNode(g, { ...c, attrs: { experts: c.attrs.experts, strategy: "dispatch" } });
    expect(verifyGraph(bad).join("\n")).toMatch(/has no moeCombine with slots/);
  });
});

describe("dispatchMoe", () => {
  it("keeps a layer dense when its experts are not position-wise (attention experts)", () => {
    const dir = join(REPO, "out", "tests", "moe-dispatch-verify");
    mkdirSync(dir, { recursive: true });
    const file = join(dir, "attn-experts.arch");
    writeFileSync(
      file,
      `import std.attention.{CausalSelfAttention}
model AttnExperts {
  input tokens: int[batch, 8]
  embed TokenEmbedding(32, 16) + LearnedPositions(8, 16)
  residual(pre, layernorm) {
    moe(experts: 2, router: switch, capacity: 1.0) { CausalSelfAttention(16, 2) }
  }
  norm layernorm
  head tied
}
`,
    );
    const o = optimize(graphOf(file), { moeStrategy: "dispatch" });
    expect(o.nodes.some((n) => n.kind === "moeDispatch")).toBe(false);
    const c = o.nodes.find((n) => n.kind === "moeCombine");
    expect(c?.kind === "moeCombine" && c.attrs.strategy).toBe("dense");
  });
});
