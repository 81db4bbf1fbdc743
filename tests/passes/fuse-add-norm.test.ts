// Pass fuseAddNorm on small models: which add + norm pairs become addNorm + addNormed (printed
// IR, locations stripped), which stay apart (the norm not over the add, a broadcasting add of
// positions, an add and a norm in different generated functions, a parameterised node between),
// the verifier after the pass, purity, and unfuseAddNorm as its exact inverse.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { fuseAddNorm, unfuseAddNorm } from "../../compiler/passes/fuse-add-norm.ts";
import { rebuild } from "../../compiler/passes/graph-edit.ts";
import { REPO } from "../codegen/support.ts";

/** The graph of a model with this embed line and body (blocks before it). */
function graph(embed: string, body: string, blocks = ""): Graph {
  const text = `const vocab = 16\nconst d = 8\nconst ctx = 4\n${blocks}\nmodel M {\n  input tokens: int[batch, ctx]\n  embed ${embed}\n${body}\n  head tied\n}\n`;
  const r = analyzeFile(`${REPO}/tests/passes/inline.arch`, { text, cwd: REPO });
  if (r.program === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.program.graph;
}

/** Printed node lines without locations. */
function ops(g: Graph): string[] {
  return printGraph(g)
    .split("\n")
    .filter((l) => l.startsWith("%"))
    .map((l) => l.replace(/ {2}@ .*$/, ""));
}

/** fuseAddNorm, checked valid, pure and undone exactly by unfuseAddNorm. */
function fuse(g: Graph): Graph {
  const before = printGraph(g);
  const out = fuseAddNorm(g);
  expect(verifyGraph(out)).toEqual([]);
  expect(printGraph(g)).toBe(before); // pure
  expect(printGraph(unfuseAddNorm(out))).toBe(before);
  return out;
}

const kinds = (g: Graph): string[] => g.nodes.map((n) => n.kind);

describe("fuseAddNorm", () => {
  it("fuses a residual add with the next sublayer's norm and with the final norm (Pre-LN, RMSNorm)", () => {
    const g = graph(
      "TokenEmbedding(vocab, d)",
      "  residual(pre, layernorm) { Linear(d, d) }\n  residual(pre, rmsnorm) { Linear(d, d) }\n  norm layernorm",
    );
    const out = ops(fuse(g)).slice(2, -1);
    expect(out).toEqual([
      "%2 = layerNorm[d=8,eps=0.00001,bias] %1 : [B,T,8] params linear.ln_in.scale[8] bias[8]",
      "%3 = linear[in=8,out=8,bias] %2 : [B,T,8] params linear.kernel[8,8] bias[8]",
      "%4 = addNorm[norm=rmsNorm,d=8,eps=0.000001,bias=false] %1 %3 : [B,T,8] params linear_1.ln_in.scale[8]",
      "%5 = addNormed %4 : [B,T,8]",
      "%6 = linear[in=8,out=8,bias] %5 : [B,T,8] params linear_1.kernel[8,8] bias[8]",
      "%7 = addNorm[norm=layerNorm,d=8,eps=0.00001,bias] %4 %6 : [B,T,8] params ln_f.scale[8] bias[8]",
      "%8 = addNormed %7 : [B,T,8]",
    ]);
  });

  it("fuses a Post-LN add whose sum only the norm reads", () => {
    const g = graph("TokenEmbedding(vocab, d)", "  residual(post, layernorm) { Linear(d, d) }");
    const out = fuse(g);
    expect(kinds(out)).toContain("addNorm");
    const sum = out.nodes.find((n) => n.kind === "addNorm")!;
    expect(out.nodes.filter((n) => n.inputs.includes(sum.id)).map((n) => n.kind)).toEqual([
      "addNormed",
    ]);
  });

  it("leaves a norm that does not read the add alone", () => {
    const g = graph(
      "TokenEmbedding(vocab, d)",
      "  residual(pre, layernorm) { Linear(d, d) }\n  Linear(d, d)\n  norm layernorm",
    );
    expect(fuse(g)).toBe(g);
  });

  it("leaves a broadcasting add alone: token embedding + positions ([T, d] at run time)", () => {
    const g = graph("TokenEmbedding(vocab, d) + LearnedPositions(ctx, d)", "  norm layernorm");
    expect(kinds(g)).toEqual(["input", "embedding", "positions", "add", "layerNorm", "tiedHead"]);
    expect(fuse(g)).toBe(g);
  });

  it("fuses inside a block but not across its boundary (the block's last add, the final norm)", () => {
    const g = graph(
      "TokenEmbedding(vocab, d)",
      "  repeat 2 { B(d) }\n  norm layernorm",
      "block B(d: int) {\n  residual(pre, layernorm) { Linear(d, d) }\n  residual(pre, layernorm) { Linear(d, d) }\n}\n",
    );
    const out = fuse(g);
    // per layer: the first add with the second norm; the layer's last add reaches the next
    // layer's first norm (or ln_f) across a function boundary
    expect(kinds(out).filter((k) => k === "addNorm")).toHaveLength(2);
    expect(kinds(out).filter((k) => k === "add")).toHaveLength(2);
    expect(kinds(out).filter((k) => k === "layerNorm")).toHaveLength(3);
  });

  it("leaves a pair with a parameterised node between them alone (parameter order)", () => {
    const g = graph(
      "TokenEmbedding(vocab, d)",
      "  residual(pre, layernorm) { Linear(d, d) }\n  norm layernorm",
    );
    const norm = g.nodes[g.nodes.length - 2]!;
    expect(norm.kind).toBe("layerNorm");
    expect(fuse(g)).not.toBe(g); // as written, the add and ln_f fuse
    // an (unread) linear of the embedding put between the add and ln_f
    const lin = g.nodes.find((n) => n.kind === "linear")!;
    const side = {
      ...lin,
      inputs: [1],
      params: lin.params.map((p) => ({ ...p, name: `side.${p.name}` })),
    };
    const between = rebuild(g, new Map([[norm.id, { nodes: [side, norm] }]]));
    expect(verifyGraph(between)).toEqual([]);
    expect(fuse(between)).toBe(between);
  });
});
