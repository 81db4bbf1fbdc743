// Norm placements (constructs.md §3, §11.1 item 3) through the real compiler, on cpu with dropout
// off: the degenerate limits of Mix-LN, DeepNorm and LayerNorm Scaling collapse to Pre-/Post-LN
// with the same weights; Peri-LN has two norms per sublayer and computes x + N_out(F(N_in(x)));
// Sub-LN/Magneto scales the v/out/fc1/fc2 init by γ = √(log 2N) and nothing else.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import {
  compileSource,
  generatedCode,
  gptSource,
  handAttn,
  handLN,
  handMlp,
  handModel,
  logits,
  lookup,
  maxDiff,
  paramsOf,
  randomizeNorms,
  sameWeights,
  tokens,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const L = 4;
const layers = (placement: string, extra = ""): string => `  repeat ${L} as i {
    residual(${placement}, layernorm${extra}) { CausalSelfAttention(d, heads) }
    residual(${placement}, layernorm${extra}) { MLP(d, 4 * d) }
  }`;
const mixLN = (alpha: number): string =>
  gptSource(
    layers(`if i < floor(alpha * ${L}) then post else pre`),
    `const alpha: float = ${alpha}`,
  );
const TOL = 1e-5;

describe("Mix-LN limits", () => {
  it("α = 0 is Pre-LN and α = 1 is Post-LN (same weights, same outputs)", async () => {
    const toks = tokens();
    const pre = await compileSource("pre", gptSource("  repeat 4 { PreLNBlock(d, heads) }"));
    const post = await compileSource("post", gptSource("  repeat 4 { PostLNBlock(d, heads) }"));
    for (const [alpha, ref] of [
      [0, pre],
      [1, post],
    ] as const) {
      const mix = await compileSource(`mixln-${alpha}`, mixLN(alpha));
      const p = paramsOf(mix);
      randomizeNorms(p);
      const a = logits(mix, p, toks);
      const b = logits(ref, sameWeights(p, ref), toks);
      expect(maxDiff(a, b), `alpha ${alpha}`).toBeLessThan(TOL);
    }
    // The other limit really differs: Pre-LN and Post-LN weights give other outputs.
    const p = paramsOf(pre);
    const q = sameWeights(p, post, (n) => n.replace("ln_post", "ln_in"));
    expect(maxDiff(logits(pre, p, toks), logits(post, q, toks))).toBeGreaterThan(1e-3);
  });

  it("exactly ⌊αL⌋ leading blocks (0-based) are Post-LN", async () => {
    const mix = await compileSource("mixln-half", mixLN(0.5));
    const post = mix.params.filter((q) => q.name.endsWith("ln_post.scale")).map((q) => q.name);
    expect(post).toEqual([
      "blocks.0.causal_self_attention.ln_post.scale",
      "blocks.0.mlp.ln_post.scale",
      "blocks.1.causal_self_attention.ln_post.scale",
      "blocks.1.mlp.ln_post.scale",
    ]);
  });
});

describe("DeepNorm and LayerNorm Scaling limits", () => {
  it("DeepNorm with α = β = 1 is Post-LN", async () => {
    const toks = tokens();
    const deep = await compileSource(
      "deepnorm-1",
      gptSource(layers("deepnorm(alpha: 1.0, beta: 1.0)")),
    );
    const post = await compileSource("post-ln", gptSource(layers("post")));
    const p = paramsOf(deep);
    randomizeNorms(p);
    expect(maxDiff(logits(deep, p, toks), logits(post, sameWeights(p, post), toks))).toBeLessThan(
      TOL,
    );
  });

  it("DeepNorm computes N(α·x + F(x)) with its own α", async () => {
    const toks = tokens();
    const alpha = 1.7;
    const deep = await compileSource(
      "deepnorm-a",
      gptSource(`  repeat 1 {
    residual(deepnorm(alpha: ${alpha}, beta: 0.5), layernorm) { CausalSelfAttention(d, heads) }
    residual(deepnorm(alpha: ${alpha}, beta: 0.5), layernorm) { MLP(d, 4 * d) }
  }`),
    );
    const p = paramsOf(deep);
    randomizeNorms(p);
    const w = lookup(p);
    const at = "blocks.0";
    const hand = handModel(w, toks, (x) => {
      const h = handLN(
        w,
        `${at}.causal_self_attention.ln_post`,
        tf.add(tf.mul(x, alpha), handAttn(w, `${at}.causal_self_attention`, x)),
      );
      return handLN(w, `${at}.mlp.ln_post`, tf.add(tf.mul(h, alpha), handMlp(w, `${at}.mlp`, h)));
    });
    expect(maxDiff(logits(deep, p, toks), hand)).toBeLessThan(TOL);
    // Init: Xavier-normal, v/out/fc1/fc2 with gain β = 0.5, q/k with gain 1.
    for (const q of deep.params.filter(
      (q) => q.name.endsWith(".kernel") && q.name.startsWith("blocks."),
    )) {
      const scaled = /\.(v|out|linear_0|linear_1)\.kernel$/.test(q.name);
      expect(q.init, q.name).toEqual({ kind: "xavierNormal", gain: scaled ? 0.5 : 1 });
    }
  });

  it("LayerNorm Scaling with factor 1 is Pre-LN; with 1/√ℓ (1-based) it computes x + F(N(x)/√ℓ)", async () => {
    const toks = tokens();
    const lns1 = await compileSource("lns-1", gptSource(layers("pre", ", scale: 1.0")));
    const pre = await compileSource("pre-ln", gptSource(layers("pre")));
    const p = paramsOf(lns1);
    randomizeNorms(p);
    expect(maxDiff(logits(lns1, p, toks), logits(pre, sameWeights(p, pre), toks))).toBeLessThan(
      TOL,
    );
    const lns = await compileSource("lns", gptSource(layers("pre", ", scale: 1.0 / sqrt(i + 1)")));
    const q = sameWeights(p, lns);
    const w = lookup(q);
    const hand = handModel(w, toks, (x0) => {
      let x = x0;
      for (let l = 0; l < L; l++) {
        const s = 1 / Math.sqrt(l + 1);
        const a = `blocks.${l}.causal_self_attention`;
        const m = `blocks.${l}.mlp`;
        x = tf.add(x, handAttn(w, a, tf.mul(handLN(w, `${a}.ln_in`, x), s)));
        x = tf.add(x, handMlp(w, m, tf.mul(handLN(w, `${m}.ln_in`, x), s)));
      }
      return x;
    });
    expect(maxDiff(logits(lns, q, toks), hand)).toBeLessThan(TOL);
  });
});

describe("Peri-LN and Sub-LN", () => {
  it("Peri-LN has two separate norms per sublayer and computes x + N_out(F(N_in(x)))", async () => {
    const toks = tokens();
    const peri = await compileSource(
      "peri",
      gptSource("  repeat 2 { PeriLNBlock(d, heads, norm_kind: layernorm) }"),
    );
    const norms = peri.params
      .filter((q) => /blocks\.0\..*\.scale$/.test(q.name))
      .map((q) => q.name);
    expect(norms).toEqual([
      "blocks.0.causal_self_attention.ln_in.scale",
      "blocks.0.causal_self_attention.ln_out.scale",
      "blocks.0.mlp.ln_in.scale",
      "blocks.0.mlp.ln_out.scale",
    ]);
    const p = paramsOf(peri);
    randomizeNorms(p);
    const w = lookup(p);
    const hand = handModel(w, toks, (x0) => {
      let x = x0;
      for (let l = 0; l < 2; l++) {
        const a = `blocks.${l}.causal_self_attention`;
        const m = `blocks.${l}.mlp`;
        x = tf.add(x, handLN(w, `${a}.ln_out`, handAttn(w, a, handLN(w, `${a}.ln_in`, x))));
        x = tf.add(x, handLN(w, `${m}.ln_out`, handMlp(w, m, handLN(w, `${m}.ln_in`, x))));
      }
      return x;
    });
    expect(maxDiff(logits(peri, p, toks), hand)).toBeLessThan(TOL);
  });

  it("Sub-LN/Magneto: Xavier init, v/out/fc1/fc2 scaled by γ = √(log 2N), q/k not", async () => {
    const N = 6;
    const gamma = Math.sqrt(Math.log(2 * N));
    const sub = await compileSource(
      "sub-ln",
      gptSource(`  repeat ${N} {
    residual(sub(gamma: sqrt(log(2 * ${N}))), layernorm) { CausalSelfAttention(d, heads) }
    residual(sub(gamma: sqrt(log(2 * ${N}))), layernorm) { MLP(d, 4 * d) }
  }`),
    );
    const kernels = sub.params.filter(
      (q) => q.name.startsWith("blocks.") && q.name.endsWith(".kernel"),
    );
    expect(kernels).toHaveLength(6 * N);
    for (const q of kernels) {
      const scaled = /\.(v|out|linear_0|linear_1)\.kernel$/.test(q.name);
      expect(q.init, q.name).toEqual({ kind: "xavierNormal", gain: scaled ? gamma : 1 });
    }
    // Norms, biases and embeddings keep their init.
    expect(sub.params.find((q) => q.name === "blocks.0.mlp.ln_sub.scale")?.init).toEqual({
      kind: "ones",
    });
    expect(sub.params.find((q) => q.name === "token_embedding.table")?.init.kind).toBe("normal");
    // The interior norm sits before the output projection (attention) and before fc2 (MLP).
    const code = await generatedCode(
      "sub-ln-code",
      gptSource(`  repeat 1 {
    residual(sub(gamma: 1.5), layernorm) { CausalSelfAttention(d, heads) }
    residual(sub(gamma: 1.5), layernorm) { MLP(d, 4 * d) }
  }`),
    );
    expect(code).toMatch(/ln_sub\.scale[^]*out\.kernel[^]*ln_sub\.scale[^]*linear_1\.kernel/);
  });
});
