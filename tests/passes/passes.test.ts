// One pass at a time on small models: the printed IR before → after (locations stripped), the
// verifier after every pass, purity (the input graph is untouched; no change returns the same
// object), and the pipeline's --dump-ir trace.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import { chooseMoeStrategy, moeCost } from "../../compiler/passes/choose-moe-strategy.ts";
import { eliminateDead } from "../../compiler/passes/eliminate-dead.ts";
import { foldAttentionScale } from "../../compiler/passes/fold-attention-scale.ts";
import { fuseAttention } from "../../compiler/passes/fuse-attention.ts";
import { foldConstants } from "../../compiler/passes/fold-constants.ts";
import { fuseLinearActivation } from "../../compiler/passes/fuse-linear-activation.ts";
import { mergeQkv } from "../../compiler/passes/merge-qkv.ts";
import { optimize, PIPELINE } from "../../compiler/passes/pipeline.ts";
import { removeIdentity } from "../../compiler/passes/remove-identity.ts";
import { shareNorm } from "../../compiler/passes/share-norm.ts";
import { REPO } from "../codegen/support.ts";

const HEAD = `const vocab = 16
const d = 8
const ctx = 4
`;

/** The graph of a model whose body is `body` (blocks may precede it in `blocks`). */
function graph(body: string, blocks = ""): Graph {
  const text = `${HEAD}${blocks}\nmodel M {\n  input tokens: int[batch, ctx]\n  embed TokenEmbedding(vocab, d)\n${body}\n  head tied\n}\n`;
  const r = analyzeFile(`${REPO}/tests/passes/inline.arch`, { text, cwd: REPO });
  if (r.program === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return r.program.graph;
}

/** Printed node lines without locations and the first three (input, embedding, …) nodes. */
function ops(g: Graph): string[] {
  return printGraph(g)
    .split("\n")
    .filter((l) => l.startsWith("%"))
    .map((l) => l.replace(/ {2}@ .*$/, ""))
    .slice(2, -1);
}

function run(pass: (g: Graph) => Graph, g: Graph): Graph {
  const before = printGraph(g);
  const out = pass(g);
  expect(verifyGraph(out)).toEqual([]);
  expect(printGraph(g)).toBe(before); // pure
  return out;
}

const ATTN = `
block Attn(d: int) {
  q = Linear(d, d, bias: false)(x)
  k = Linear(d, d / 2, bias: false)(x)
  v = Linear(d, d / 2, bias: false)(x)
  return attend(q, k, v, heads: 2, kv_heads: 1, causal: true)
}
`;

describe("passes on printed IR", () => {
  it("removeIdentity: dropout p=0, identity, scale 1 disappear", () => {
    const g = graph(
      "  Id(d)",
      "block Id(d: int) {\n  return relu(scale(identity(Dropout(0.0)(x)), 1.0))\n}\n",
    );
    expect(ops(g)).toHaveLength(4);
    expect(ops(run(removeIdentity, g))).toEqual(["%2 = activation[fn=relu] %1 : [B,T,8]"]);
  });

  it("foldConstants: a chain of constant factors is one scale", () => {
    const g = graph(
      "  Fold(d)",
      "block Fold(d: int) {\n  return scale(scale(scale(x, 0.5), 4.0), 3.0)\n}\n",
    );
    expect(ops(run(foldConstants, g))).toEqual(["%2 = scale[factor=6] %1 : [B,T,8]"]);
  });

  it("shareNorm: one shared norm applied twice to one input is computed once", () => {
    const g = graph(
      "  Twin(d)",
      "block Twin(d: int) {\n  share ln = RMSNorm(d)\n  return ln(x) + ln(x)\n}\n",
    );
    expect(ops(run(shareNorm, g))).toEqual([
      "%2 = rmsNorm[d=8,eps=0.000001] %1 : [B,T,8] params twin.ln.scale[8]",
      "%3 = add %2 %2 : [B,T,8]",
    ]);
  });

  it("mergeQkv, then foldAttentionScale: one packed projection with q pre-scaled", () => {
    const g = graph("  Attn(d)", ATTN);
    const merged = run(mergeQkv, g);
    expect(ops(merged)).toEqual([
      "%2 = fusedLinear[in=8,outs=(8,4,4),bias=false,activation=linear,scales=(1,1,1)] %1 : [B,T,16] params attn.q.kernel[8,8] attn.k.kernel[8,4] attn.v.kernel[8,4]",
      "%3 = attention[heads=2,kvHeads=1,headDim=4,causal,packed] %2 : [B,T,8]",
    ]);
    expect(ops(run(foldAttentionScale, merged))).toEqual([
      "%2 = fusedLinear[in=8,outs=(8,4,4),bias=false,activation=linear,scales=(0.5,1,1)] %1 : [B,T,16] params attn.q.kernel[8,8] attn.k.kernel[8,4] attn.v.kernel[8,4]",
      "%3 = attention[heads=2,kvHeads=1,headDim=4,causal,packed,prescaled] %2 : [B,T,8]",
    ]);
  });

  it("fuseAttention marks every attention, packed or not, and is idempotent", () => {
    const g = graph("  Attn(d)", ATTN);
    const fused = run(fuseAttention, g);
    expect(ops(fused).filter((l) => l.includes("attention"))).toEqual([
      "%5 = attention[heads=2,kvHeads=1,headDim=4,causal,fused] %2 %3 %4 : [B,T,8]",
    ]);
    expect(fuseAttention(fused)).toBe(fused);
    const packed = run(fuseAttention, run(foldAttentionScale, run(mergeQkv, g)));
    expect(ops(packed)[1]).toBe(
      "%3 = attention[heads=2,kvHeads=1,headDim=4,causal,packed,prescaled,fused] %2 : [B,T,8]",
    );
  });

  it("mergeQkv leaves q/k/v alone when a projection has another reader", () => {
    const blocks = ATTN.replace(
      "return attend(q, k, v, heads: 2, kv_heads: 1, causal: true)",
      "return attend(q, k, v, heads: 2, kv_heads: 1, causal: true) + q",
    );
    const g = graph("  Attn(d)", blocks);
    expect(mergeQkv(g)).toBe(g);
  });

  it("fuseLinearActivation: relu, sigmoid, the GELUs and silu fuse, tanh does not", () => {
    const g = graph(
      "  Linear(d, d)\n  relu\n  Linear(d, d)\n  gelu\n  Linear(d, d)\n  gelu_tanh\n" +
        "  Linear(d, d)\n  silu\n  Linear(d, d)\n  tanh\n  Linear(d, d)\n  sigmoid",
    );
    const fused = (i: number, fn: string, input: number): string =>
      `%${i} = fusedLinear[in=8,outs=(8),bias,activation=${fn},scales=(1)] %${input} : [B,T,8] params linear_${i - 2}.kernel[8,8] bias[8]`;
    expect(ops(run(fuseLinearActivation, g))).toEqual([
      fused(2, "relu", 1),
      fused(3, "gelu", 2),
      fused(4, "gelu_tanh", 3),
      fused(5, "silu", 4),
      "%6 = linear[in=8,out=8,bias] %5 : [B,T,8] params linear_4.kernel[8,8] bias[8]",
      "%7 = activation[fn=tanh] %6 : [B,T,8]",
      "%8 = fusedLinear[in=8,outs=(8),bias,activation=sigmoid,scales=(1)] %7 : [B,T,8] params linear_5.kernel[8,8] bias[8]",
    ]);
  });

  it("fuseLinearActivation: SwiGLU keeps silu(W1 x) · W3 x; a linear read twice stays", () => {
    const swiglu =
      "block G(d: int) {\n  g = Linear(d, d, bias: false)(x)\n  u = Linear(d, d, bias: false)(x)\n" +
      "  return Linear(d, d, bias: false)(silu(g) * u)\n}\n";
    expect(ops(run(fuseLinearActivation, graph("  G(d)", swiglu)))).toEqual([
      "%2 = fusedLinear[in=8,outs=(8),bias=false,activation=silu,scales=(1)] %1 : [B,T,8] params g.g.kernel[8,8]",
      "%3 = linear[in=8,out=8,bias=false] %1 : [B,T,8] params g.u.kernel[8,8]",
      "%4 = mul %2 %3 : [B,T,8]", // silu(g) · u: the gate alone carries the activation
      "%5 = linear[in=8,out=8,bias=false] %4 : [B,T,8] params g.out.kernel[8,8]",
    ]);
    const twice = "block T(d: int) {\n  h = Linear(d, d)(x)\n  return silu(h) + h\n}\n";
    const g = graph("  T(d)", twice);
    expect(fuseLinearActivation(g)).toBe(g);
  });

  it("eliminateDead: unread nodes go, unread nodes owning parameters stay", () => {
    const g = graph(
      "  Side(d)",
      "block Side(d: int) {\n  a = relu(x)\n  b = Linear(d, d)(x)\n  return x\n}\n",
    );
    const out = run(eliminateDead, g);
    expect(ops(g).some((l) => l.includes("activation"))).toBe(true);
    expect(ops(out).some((l) => l.includes("activation"))).toBe(false);
    expect(ops(out).filter((l) => l.includes("linear"))).toEqual(
      ops(g)
        .filter((l) => l.includes("linear"))
        .map((l) => l.replace(/^%\d+/, "%2")),
    );
  });

  it("every pass returns the same object when it has nothing to do", () => {
    const g = graph("  LayerNorm(d)");
    for (const p of PIPELINE) expect(p.run(g, {}), p.name).toBe(g);
  });
});

describe("chooseMoeStrategy", () => {
  const moe = (experts: number, capacity: number) =>
    graph(
      `  moe(experts: ${experts}, top_k: 1, router: switch, capacity: ${capacity}) { MLP(d, 4 * d) }`,
      "import std.ffn.{MLP}\n",
    );

  it("dense for few experts, dispatch once many experts idle most tokens (batch 16)", () => {
    const few = chooseMoeStrategy(moe(2, 1.25), { batch: 16 });
    expect(few.nodes.find((n) => n.kind === "moeCombine")?.attrs).toMatchObject({
      strategy: "dense",
    });
    const g = moe(16, 1.0);
    const c = g.nodes.find((n) => n.kind === "moeCombine")!;
    const cost = moeCost(g, c, 1)!;
    expect(cost.dispatch).toBeLessThan(cost.dense);
    const many = chooseMoeStrategy(g, { batch: 1 });
    expect(many.nodes.find((n) => n.kind === "moeRoute")?.attrs).toMatchObject({
      strategy: "dispatch",
    });
  });
});

describe("pipeline", () => {
  it("verifies after every pass and traces each by name", () => {
    const names: string[] = [];
    optimize(graph("  Attn(d)\n  Linear(d, d)\n  relu\n  Dropout(0.0)", ATTN), {
      trace: (name) => void names.push(name),
    });
    expect(names).toEqual(PIPELINE.map((p) => p.name));
  });
});
