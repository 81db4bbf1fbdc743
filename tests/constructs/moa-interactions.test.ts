// BAM (constructs.md §7.5) beside the other constructs, through the real compiler on cpu: the BAM
// layer equals the parallel block of MixtureOfAttention and MoeFFN spelled out; DenseFormer's DWA
// is the identity at init around BAM layers; BERMo's mix trains, p-MoD is refused; an early exit
// of a BAM stack is the stack cut after that layer; heads growth is refused at the grow event
// (ARCH3519); the example lowers to its MoA layers and names their weights' roles for export.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { describeModel } from "../../compiler/describe.ts";
import {
  compileInline,
  compileSource,
  context,
  exitLogits,
  gptSource,
  logits,
  maxDiff,
  paramsOf,
  sameWeights,
  tokens,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const TOL = 1e-5;
const IMPORT = "import std.transformer.{BAMBlock}";
const BAM = "{ BAMBlock(d, heads, experts: 3, attn_experts: 2, ffn: 32) }";
const bam = (repeat: string): string => gptSource(`  ${repeat} ${BAM}`, IMPORT);

describe("BAM with the other constructs", () => {
  it("the BAM layer is x + MoA(N(x)) + MoE(N(x)): the parallel block of the two", async () => {
    const m = await compileSource("bam-block", bam("repeat 2"));
    const spelled = await compileSource(
      "bam-spelled",
      gptSource(
        `  repeat 2 {
    parallel {
      MixtureOfAttention(d, heads, experts: 2)
      MoeFFN(d, 32, experts: 3, top_k: 2)
    }
  }`,
        "import std.attention.{MixtureOfAttention}\nimport std.moe.{MoeFFN}",
      ),
    );
    expect(spelled.params.map((q) => q.name)).toEqual(m.params.map((q) => q.name));
    const p = paramsOf(m);
    expect(maxDiff(logits(spelled, p, tokens()), logits(m, p, tokens()))).toBeLessThan(TOL);
    expect(m.params.some((q) => q.name.endsWith("mixture_of_attention.moa.router"))).toBe(true);
    expect(m.params.some((q) => q.name.endsWith("moe_ffn.router.kernel"))).toBe(true);
  });

  it("DenseFormer: DWA around BAM layers is the identity at init", async () => {
    const plain = await compileSource("bam-nodwa", bam("repeat 3"));
    const dwa = await compileSource("bam-dwa", bam("repeat 3 with dwa(dilation: 1, period: 1)"));
    const p = paramsOf(dwa);
    const q = sameWeights(p, plain);
    expect(maxDiff(logits(dwa, p, tokens()), logits(plain, q, tokens()))).toBeLessThan(TOL);
    expect(dwa.params.length).toBeGreaterThan(plain.params.length); // the DWA weights exist
  });

  it("BERMo's scalar mix over BAM layers trains a step; p-MoD is refused (no residual FFN branch)", async () => {
    const m = await compileSource("bam-bermo", bam("repeat 2 with scalar_mix"));
    const p = paramsOf(m);
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(
      () => tf.mean(m.forward(p, tokens(), context(true))) as tf.Scalar,
      [p.get("scalar_mix.weights")!],
    );
    expect(Number.isFinite(value.dataSync()[0]!)).toBe(true);
    tf.dispose([value, ...Object.values(grads)]);
    expect(tf.memory().numTensors).toBe(before);
    const r = await compileInline(
      "bam-pmod",
      bam("repeat 2 with pmod(mean: 0.5, max: 0.85, min: 0.15)"),
    );
    expect(r.diagnostics.filter((d) => d.severity === "error").map((d) => d.code)).toEqual([
      "ARCH3045",
    ]);
  });

  it("an early exit of a BAM stack is the stack cut after that layer", async () => {
    const ex = await compileSource(
      "bam-exits",
      bam("repeat 3 with layerskip(p_max: 0.1, exits: (0, 1))"),
    );
    const p = paramsOf(ex);
    const seen = exitLogits(ex, p);
    expect([...seen.keys()]).toEqual([0, 1]);
    const cut = await compileSource("bam-cut", bam("repeat 1"));
    expect(maxDiff(seen.get(0)!, logits(cut, sameWeights(p, cut), tokens()))).toBeLessThan(TOL);
  });

  it("heads growth is refused at the grow event; width growth compiles", async () => {
    // heads as written (2 per expert) or as the one attention has them (2 experts × 2): refused alike
    for (const [event, refused] of [
      ["heads 2 -> 4", true],
      ["heads 4 -> 8", true],
      ["width 16 -> 24", false],
    ] as const) {
      const src = `${bam("repeat 2").replace(/^const vocab = \d+/m, "const vocab = 256")}
train M {
  data text(sotu, tokenizer: bytes, validation: 0.05)
  steps 100
}
grow M {
  at step 10: ${event} masked over 5 steps
}
`;
      const name = `bam-grow-${event.replace(/\W+/g, "-")}`;
      const r = await compileInline(name, src, { skipDataFiles: true });
      const errs = r.diagnostics.filter((d) => d.severity === "error");
      if (!refused) {
        expect(errs.map((d) => d.message)).toEqual([]);
        continue;
      }
      expect(errs.map((d) => d.code)).toEqual(["ARCH3519"]);
      expect(errs[0]!.message).toMatch(/mixture-of-attention/);
      expect(src.slice(errs[0]!.span.start, errs[0]!.span.end)).toBe("heads"); // the event's target
    }
  });

  it("examples/bam.arch lowers to one moaMix per layer: shared K/V, then one K/V per expert", () => {
    const g = analyzeFile("examples/bam.arch").program!.graph;
    const layouts = g.nodes.map((n) => (n.kind === "moaMix" ? n.attrs.layout : undefined));
    expect(layouts.filter((l) => l !== undefined)).toEqual(["head", "head", "expert"]);
  });

  it("export roles: moa.q/k/v, moa.router and moa.out (docs/weights.md)", () => {
    const d = describeModel(analyzeFile("examples/bam.arch").program!.graph);
    const at = "blocks.0.mixture_of_attention";
    expect(d.params).toMatchObject({
      [`${at}.q.kernel`]: "moa.q.kernel",
      [`${at}.q.bias`]: "moa.q.bias",
      [`${at}.k.kernel`]: "moa.k.kernel",
      [`${at}.v.bias`]: "moa.v.bias",
      [`${at}.moa.router`]: "moa.router",
      [`${at}.out.kernel`]: "moa.out.kernel",
      [`${at}.out.bias`]: "moa.out.bias",
      "blocks.0.moe_ffn.router.kernel": "router.kernel",
    });
    // the attention of E·H heads over the shared K/V heads (2 experts × 4 heads, 4 kv)
    expect([d.heads, d.kvHeads, d.headDim]).toEqual([8, 4, 24]);
  });
});
