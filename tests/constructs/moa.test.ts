// BAM's soft mixture-of-attention (constructs.md §7.5) through the real compiler, on cpu: with one
// expert it is CausalSelfAttention (same weights, same logits); with E experts the generated model
// equals Σ_i softmax(x·W_r)_i·Attn_i(x) built by hand from E ordinary attentions (shared K/V and
// own K/V, MHA and GQA); the mixture weights sum to 1 (identical experts give the one attention
// whatever the router); gradients reach the router; the KV cache holds one K/V when K/V are shared;
// parameter counts; no tensor leaks; errors at file:line:col.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { KvCache } from "../../runtime/decode/kv-cache.ts";
import { moaMix, moaWeights } from "../../runtime/index.ts";
import { moaParamCount, MOA_DEFAULTS } from "../../spec/moa.ts";
import { handMoa, moaSource, type MoaShape } from "./moa-support.ts";
import {
  compileInline,
  compileSource,
  context,
  DIMS,
  handLN,
  handModel,
  logits,
  lookup,
  maxDiff,
  paramsOf,
  randomizeNorms,
  tokens,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const TOL = 1e-5;

/** Widens the router's init so that the experts' weights differ clearly between tokens. */
function sharpRouters(p: Map<string, tf.Variable>, seed = 11): void {
  for (const [name, v] of p)
    if (name.endsWith(".moa.router")) v.assign(tf.randomNormal(v.shape, 0, 1.5, "float32", seed));
}

describe("mixture of attention: limit cases", () => {
  for (const shared of [true, false])
    it(`one expert (shared_kv: ${shared}) is CausalSelfAttention`, async () => {
      const toks = tokens();
      const plain = await compileSource(
        "moa-plain",
        moaSource("", "CausalSelfAttention(d, heads)"),
      );
      const one = await compileSource("moa-one", moaSource(`, experts: 1, shared_kv: ${shared}`));
      const names = plain.params.map((q) => q.name);
      expect(one.params.map((q) => q.name)).toEqual(
        expect.arrayContaining([...names, "blocks.0.moa.router", "blocks.1.moa.router"]),
      );
      expect(one.params.length).toBe(names.length + 2);
      const q = paramsOf(plain);
      randomizeNorms(q);
      const p = paramsOf(one);
      for (const [n, v] of q) p.get(n)!.assign(v);
      sharpRouters(p);
      expect(maxDiff(logits(one, p, toks), logits(plain, q, toks))).toBeLessThan(1e-6);
    });

  it("identical experts give the one attention whatever the router: the weights sum to 1", async () => {
    const toks = tokens();
    const plain = await compileSource(
      "moa-same-plain",
      moaSource("", "CausalSelfAttention(d, heads)"),
    );
    const m = await compileSource("moa-same", moaSource(", experts: 3, shared_kv: false"));
    const q = paramsOf(plain);
    const p = paramsOf(m);
    sharpRouters(p);
    for (const [n, v] of q) {
      const to = p.get(n)!;
      // every expert a copy: q, k, v columns side by side (expert-major), out rows stacked
      if (/\.(q|k|v)\.(kernel|bias)$/.test(n)) to.assign(tf.concat([v, v, v], v.rank - 1));
      else if (/\.out\.kernel$/.test(n)) to.assign(tf.concat([v, v, v], 0));
      else to.assign(v);
    }
    const want = logits(plain, q, toks);
    expect(maxDiff(logits(m, p, toks), want)).toBeLessThan(TOL);
    // and experts that differ do not: the test can fail
    const k = p.get("blocks.0.q.kernel")!;
    k.assign(tf.add(k, tf.randomNormal(k.shape, 0, 0.5, "float32", 5)));
    expect(maxDiff(logits(m, p, toks), want)).toBeGreaterThan(1e-3);
  });

  it("the router's weights are a softmax: non-negative, summing to 1 per token", () => {
    const x = tf.randomNormal([2, 5, 8], 0, 3, "float32", 1);
    const r = tf.randomNormal([8, 4], 0, 3, "float32", 2);
    const p = moaWeights(x, r);
    const sums = p.sum(-1).dataSync();
    for (const s of sums) expect(Math.abs(s - 1)).toBeLessThan(1e-6);
    expect(Math.min(...p.dataSync())).toBeGreaterThanOrEqual(0);
    tf.dispose([x, r, p]);
  });
});

describe("mixture of attention: the formula", () => {
  const cases: readonly (MoaShape & { readonly args: string })[] = [
    { args: ", experts: 3", experts: 3, kvHeads: 2, sharedKv: true },
    { args: ", experts: 3, kv_heads: 1", experts: 3, kvHeads: 1, sharedKv: true },
    { args: ", experts: 3, shared_kv: false", experts: 3, kvHeads: 2, sharedKv: false },
    {
      args: ", experts: 2, shared_kv: false, kv_heads: 1",
      experts: 2,
      kvHeads: 1,
      sharedKv: false,
    },
  ];
  for (const c of cases)
    it(`Σ_i p_i·Attn_i(x) by hand${c.args}`, async () => {
      const toks = tokens();
      const m = await compileSource("moa-hand", moaSource(c.args));
      const p = paramsOf(m);
      randomizeNorms(p);
      sharpRouters(p);
      const w = lookup(p);
      const hand = handModel(w, toks, (x0) => {
        let y = x0;
        for (const b of ["blocks.0", "blocks.1"])
          y = tf.add(y, handMoa(w, b, handLN(w, `${b}.ln_in`, y), c));
        return y;
      });
      expect(maxDiff(logits(m, p, toks), hand)).toBeLessThan(TOL);
      // the router matters: uniform weights give other logits
      for (const b of ["blocks.0", "blocks.1"])
        p.get(`${b}.moa.router`)!.assign(tf.zeros([DIMS.d, c.experts]));
      expect(maxDiff(logits(m, p, toks), hand)).toBeGreaterThan(1e-4);
    });

  it("shared_kv defaults to BAM's shared keys and values (spec/moa.ts)", async () => {
    const m = await compileSource("moa-default", moaSource(", experts: 2"));
    const k = m.params.find((q) => q.name === "blocks.0.k.kernel")!;
    const { d } = DIMS;
    expect(MOA_DEFAULTS.sharedKv).toBe(true);
    expect(k.shape).toEqual([d, d]); // one K for both experts
  });
});

describe("mixture of attention: training and decoding", () => {
  it("gradients reach the router, and a forward leaves no tensor behind", async () => {
    const m = await compileSource("moa-grad", moaSource(", experts: 3"));
    const p = paramsOf(m);
    sharpRouters(p);
    const toks = tokens();
    logits(m, p, toks); // warm the causal-mask cache
    const before = tf.memory().numTensors;
    logits(m, p, toks);
    expect(tf.memory().numTensors).toBe(before);
    const router = p.get("blocks.0.moa.router")!;
    const probe = tf.randomNormal([2, DIMS.ctx, DIMS.vocab], 0, 1, "float32", 3);
    const { value, grads } = tf.variableGrads(
      () => tf.sum(tf.mul(m.forward(p, toks, context(true)), probe)) as tf.Scalar,
      [router],
    );
    const g = grads[router.name]!;
    const norm = tf.tidy(() => tf.norm(g).dataSync()[0]!);
    expect(Number.isFinite(norm)).toBe(true);
    expect(norm).toBeGreaterThan(1e-4);
    tf.dispose([value, g, probe]);
    expect(tf.memory().numTensors).toBe(before);
  });

  for (const [shared, kvHeads] of [
    [true, 1],
    [false, 2],
  ] as const)
    it(`the KV cache holds ${shared ? "one K/V for all experts" : "one K/V per expert"}`, async () => {
      const E = 3;
      const m = await compileSource(
        "moa-cache",
        moaSource(`, experts: ${E}, kv_heads: ${kvHeads}, shared_kv: ${shared}`),
      );
      const p = paramsOf(m);
      sharpRouters(p);
      const widths: number[] = [];
      class Spy extends KvCache {
        override keysValues(k: tf.Tensor, v: tf.Tensor, causal: boolean) {
          widths.push(k.shape[2]!);
          return super.keysValues(k, v, causal);
        }
      }
      const cache = new Spy();
      const toks = tokens(1);
      const full = logits(m, p, toks);
      // prefix of 5, then one token at a time: the cached logits equal the full recompute's
      const T = DIMS.ctx;
      const rows: number[] = [];
      for (const [from, n] of [
        [0, 5],
        [5, 1],
        [6, 1],
        [7, 1],
      ] as const) {
        cache.begin(n);
        const part = tokens(1).slice([0, from], [1, n]) as tf.Tensor2D;
        rows.push(...logits(m, p, part, { ...context(), decode: cache }));
        cache.end();
        part.dispose();
      }
      cache.dispose();
      expect(rows.length).toBe(T * DIMS.vocab);
      expect(maxDiff(rows, full)).toBeLessThan(TOL);
      const dkv = kvHeads * (DIMS.d / DIMS.heads);
      expect(new Set(widths)).toEqual(new Set([shared ? dkv : E * dkv]));
    });
});

describe("mixture of attention: parameters and errors", () => {
  for (const [args, s] of [
    [", experts: 3", { experts: 3, kvHeads: 2, sharedKv: true, bias: true }],
    [", experts: 3, shared_kv: false", { experts: 3, kvHeads: 2, sharedKv: false, bias: true }],
    [
      ", experts: 4, kv_heads: 1, bias: false",
      { experts: 4, kvHeads: 1, sharedKv: true, bias: false },
    ],
  ] as const)
    it(`parameters${args}: ${s.experts}·(W_Q, W_O) + ${s.sharedKv ? "one" : "E"} K/V + router`, async () => {
      const m = await compileSource("moa-count", moaSource(args));
      const layer = m.params
        .filter((q) => q.name.startsWith("blocks.0.") && !q.name.includes(".ln_in."))
        .reduce((n, q) => n + q.shape.reduce((a, b) => a * b, 1), 0);
      expect(layer).toBe(moaParamCount({ d: DIMS.d, heads: DIMS.heads, ...s }));
      const router = m.params.find((q) => q.name === "blocks.0.moa.router")!;
      expect(router.shape).toEqual([DIMS.d, s.experts]);
      expect(router.decay).toBe(true);
    });

  it("moa_mix misuse is reported at the argument or the tensor", async () => {
    const cases: readonly [string, string, string][] = [
      ["experts: 0, heads: 2", "ARCH3115", "0"],
      ["experts: 5, heads: 2", "ARCH3121", "a"],
      ["experts: 3, heads: 2, shared_kv: 1", "ARCH3001", "1"],
    ];
    for (const [settings, code, near] of cases) {
      const src = `const vocab = 32
const ctx = 8
block Moa(d: int) {
  q = Linear(d, 3 * d)(x)
  a = attend(q, q, q, heads: 6)
  return Linear(3 * d, d)(moa_mix(a, x, ${settings}))
}
model M {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(vocab, 16)
  residual(pre, layernorm) { Moa(16) }
  norm layernorm
  head tied
}
`;
      const r = await compileInline("bad", src);
      const found = r.diagnostics.filter((d) => d.code === code);
      expect(found.length, `${code} for ${settings}`).toBe(1);
      const d = found[0]!;
      expect(d.span.file).toMatch(/bad\.arch$/);
      // at line 6 (the moa_mix call), on the offending value
      expect(src.slice(0, d.span.start).split("\n").length).toBe(6);
      expect(src.slice(d.span.start, d.span.end)).toBe(near);
    }
  });

  it("moaMix checks its inputs at run time too", () => {
    const x = tf.zeros([1, 2, 4]);
    const a = tf.zeros([1, 2, 10]);
    const r = tf.zeros([4, 3]);
    expect(() => moaMix(x, a, r, { experts: 3, heads: 2, layout: "head" })).toThrow(/moaMix/);
    tf.dispose([x, a, r]);
  });
});
