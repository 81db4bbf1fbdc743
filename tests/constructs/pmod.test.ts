// p-MoD's mixture-of-depths (constructs.md §8.1, §11 item 4 and the decay check) through the real
// compiler, on cpu: keep ratio 1 with the zero-initialised router is exactly the dense model (TanhNorm
// at init = 1); a routed layer at ρ = 0.5 runs its top ⌊ρT⌋ tokens as a shorter sequence in order,
// the FFN branch weighted by ŵ = 0.2·tanh(r) + 1, and the skipped tokens become ŵ·x (by hand); the
// progressive ratio decay on the derived test vector (L = 32) is recorded in the structure; the
// router adds d+1 zero parameters per routed layer; generation refuses the model with the reason.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { generate } from "../../runtime/decode/index.ts";
import { PMOD_NO_DECODE } from "../../spec/pmod.ts";
import {
  compileSource,
  DIMS,
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
  sourceFile,
  tokens,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const base = gptSource(`  repeat 2 { PreLNBlock(d, heads) }`);
// L = 2: layer 0 has c = 1/2 + ρ̄ > ρ_max (dense); layer 1 has c = ρ̄ − 1/2, floored at ρ_min
const routed = (mean: number, max: number, min: number): string =>
  gptSource(
    `  repeat 2 with pmod(mean: ${mean}, max: ${max}, min: ${min}) { PreLNBlock(d, heads) }`,
  );

describe("p-MoD", () => {
  it("keep ratio 1 with the zero router gives exactly the dense model's logits", async () => {
    const toks = tokens();
    const plain = await compileSource("pmod-base", base);
    const q = paramsOf(plain);
    randomizeNorms(q);
    const want = logits(plain, q, toks);
    const m = await compileSource("pmod-one", routed(1, 1, 1));
    const p = paramsOf(m);
    expect([...p.keys()].filter((k) => !q.has(k))).toEqual([
      "blocks.1.router.kernel",
      "blocks.1.router.bias",
    ]);
    for (const [name, v] of q) p.get(name)!.assign(v);
    expect(maxDiff(logits(m, p, toks), want)).toBe(0);
    // a trained router (ŵ ≠ 1) changes the output: the test can fail
    p.get("blocks.1.router.bias")!.assign(tf.tensor1d([0.5]));
    expect(maxDiff(logits(m, p, toks), want)).toBeGreaterThan(1e-4);
  });

  it("a routed layer at ρ = 0.5: kept tokens as a shorter sequence, ŵ on the FFN, ŵ·x for the rest", async () => {
    const toks = tokens();
    const m = await compileSource("pmod-hand", routed(0.5, 0.85, 0.5));
    const p = paramsOf(m);
    randomizeNorms(p);
    const kernel = tf.randomNormal([DIMS.d, 1], 0, 1, "float32", 11);
    p.get("blocks.1.router.kernel")!.assign(kernel);
    p.get("blocks.1.router.bias")!.assign(tf.tensor1d([0.1]));
    const w = lookup(p);
    const k = Math.floor(0.5 * DIMS.ctx);
    const block = (b: string, y: tf.Tensor, wk?: tf.Tensor): tf.Tensor => {
      const a = `${b}.causal_self_attention`;
      const h = tf.add(y, handAttn(w, a, handLN(w, `${a}.ln_in`, y)));
      const f = handMlp(w, `${b}.mlp`, handLN(w, `${b}.mlp.ln_in`, h));
      return tf.add(h, wk === undefined ? f : tf.mul(f, wk));
    };
    const hand = handModel(w, toks, (x0) => {
      const y = block("blocks.0", x0);
      const rows = y.unstack(0).map((yb) => {
        const r = Array.from(yb.matMul(kernel).add(0.1).dataSync());
        const what = r.map((v) => 0.2 * Math.tanh(v) + 1);
        const kept = [...r.keys()]
          .sort((i, j) => r[j]! - r[i]!)
          .slice(0, k)
          .sort((i, j) => i - j);
        const idx = tf.tensor1d(kept, "int32");
        const wk = tf.tensor2d(
          kept.map((t) => [what[t]!]),
          [k, 1],
        );
        const out = block("blocks.1", tf.gather(yb, idx).expandDims(0), wk).squeeze([0]);
        const ys = yb.unstack(0);
        return tf.stack(
          ys.map((row, t) => (kept.includes(t) ? out.gather(kept.indexOf(t)) : row.mul(what[t]!))),
        );
      });
      return tf.stack(rows);
    });
    expect(maxDiff(logits(m, p, toks), hand)).toBeLessThan(1e-5);
  });

  it("records the progressive ratio decay: L = 32 → 0–7 dense, 8–23 cos(ℓπ/31)/2 + 0.5, 24–31 at 0.15", () => {
    const src = gptSource(
      `  repeat 32 with pmod(mean: 0.5, max: 0.85, min: 0.15) { PreLNBlock(d, heads) }`,
    );
    const g = analyzeFile(sourceFile("pmod-decay", src)).program!.graph;
    const its = g.structure.filter((s) => s.kind === "iteration");
    const keep = its.map((s) => (s.kind === "iteration" ? s.keep : undefined));
    expect(keep.slice(0, 8)).toEqual(Array(8).fill(undefined));
    for (let l = 8; l < 24; l++)
      expect(keep[l]).toBeCloseTo(Math.cos((l * Math.PI) / 31) / 2 + 0.5, 12);
    expect(keep.slice(24)).toEqual(Array(8).fill(0.15));
    expect(g.structure.find((s) => s.kind === "repeat")).toMatchObject({
      pmod: { mean: 0.5, max: 0.85, min: 0.15 },
    });
    // one router (d + 1 zeros, no weight decay) per routed layer, none in dense layers
    const routers = g.nodes.filter((n) => n.kind === "modRouter");
    expect(routers).toHaveLength(24);
    expect(routers[0]!.params.map((q) => [q.name, q.shape, q.init.kind, q.decay])).toEqual([
      ["blocks.8.router.kernel", [DIMS.d, 1], "zeros", false],
      ["blocks.8.router.bias", [1], "zeros", false],
    ]);
  });

  it("refuses to generate text, saying why", async () => {
    const m = await compileSource("pmod-sample", routed(0.5, 0.85, 0.5));
    expect(m.meta.noDecode).toBe(PMOD_NO_DECODE);
    await expect(generate(m, paramsOf(m), [1, 2], { tokens: 2 })).rejects.toThrow(
      /M cannot generate text: p-MoD keeps the top-k tokens of the whole sequence/,
    );
    const plain = await compileSource("pmod-sample-base", base);
    expect(plain.meta.noDecode).toBeUndefined();
  });
});
