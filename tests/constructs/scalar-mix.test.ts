// BERMo's scalar mix (constructs.md §4.3, §11 item 3) through the real compiler, on cpu with dropout
// off: with softmax(s) one-hot on the last layer (the other logits at -1e9 underflow to exactly 0)
// and γ = 1 the logits equal the plain model's with the same weights; with any s and γ the head
// reads γ·Σ_j softmax(s)_j h_j over the embedding output and every layer's output (by hand); the
// mix adds L+2 parameters (s zeros, γ one, no weight decay) and is checked before anything runs.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import {
  compileSource,
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
  tokens,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const L = 3;
const base = gptSource(`  repeat ${L} { PreLNBlock(d, heads) }`);
const mixed = gptSource(`  repeat ${L} with scalar_mix { PreLNBlock(d, heads) }`);

describe("BERMo scalar mix", () => {
  it("one-hot on the last layer with γ = 1 gives exactly the plain model's logits", async () => {
    const toks = tokens();
    const plain = await compileSource("bermo-base", base);
    const q = paramsOf(plain);
    randomizeNorms(q);
    const want = logits(plain, q, toks);
    const m = await compileSource("bermo-onehot", mixed);
    const p = paramsOf(m);
    for (const [name, v] of q) p.set(name, v);
    p.get("scalar_mix.weights")!.assign(tf.tensor1d([...Array<number>(L).fill(-1e9), 0]));
    expect(Array.from(p.get("scalar_mix.gamma")!.dataSync())).toEqual([1]);
    expect(maxDiff(logits(m, p, toks), want)).toBe(0);
    // and the uniform mix at init is not the plain model: the test can fail
    p.get("scalar_mix.weights")!.assign(tf.zeros([L + 1]));
    expect(maxDiff(logits(m, p, toks), want)).toBeGreaterThan(1e-3);
  });

  it("feeds the head γ·Σ_j softmax(s)_j·h_j over h_0 (the embedding) … h_L", async () => {
    const toks = tokens();
    const m = await compileSource("bermo-hand", mixed);
    const p = paramsOf(m);
    randomizeNorms(p);
    const s = [0.3, -1.2, 0.7, 1.5];
    p.get("scalar_mix.weights")!.assign(tf.tensor1d(s));
    p.get("scalar_mix.gamma")!.assign(tf.tensor1d([1.7]));
    const w = lookup(p);
    const e = s.map(Math.exp);
    const soft = e.map((v) => v / e.reduce((a, b) => a + b, 0));
    const hand = handModel(w, toks, (x0) => {
      const hs: tf.Tensor[] = [x0];
      let y = x0;
      for (let i = 0; i < L; i++) {
        const b = `blocks.${i}`;
        const a = `${b}.causal_self_attention`;
        y = tf.add(y, handAttn(w, a, handLN(w, `${a}.ln_in`, y)));
        y = tf.add(y, handMlp(w, `${b}.mlp`, handLN(w, `${b}.mlp.ln_in`, y)));
        hs.push(y);
      }
      return tf.mul(tf.addN(hs.map((h, j) => tf.mul(h, soft[j]!))), 1.7);
    });
    expect(maxDiff(logits(m, p, toks), hand)).toBeLessThan(1e-5);
  });

  it("adds L+2 parameters: s [L+1] zeros and γ [1] one, both without weight decay", async () => {
    const plain = await compileSource("bermo-count-base", base);
    const m = await compileSource("bermo-count", mixed);
    expect(m.meta.paramCount - plain.meta.paramCount).toBe(L + 2);
    const mix = m.params.filter((q) => q.name.startsWith("scalar_mix."));
    expect(mix.map((q) => [q.name, q.shape, q.init.kind, q.decay])).toEqual([
      ["scalar_mix.weights", [L + 1], "zeros", false],
      ["scalar_mix.gamma", [1], "ones", false],
    ]);
  });

  it("is recorded on the repeat as one node over the L+1 outputs", () => {
    const g = analyzeFile("examples/bermo.arch").program!.graph;
    const repeat = g.structure.find((sc) => sc.kind === "repeat");
    expect(repeat).toMatchObject({ kind: "repeat", count: 4, scalarMix: true });
    const mix = g.nodes.filter((n) => n.kind === "scalarMix");
    expect(mix).toHaveLength(1);
    expect(mix[0]!.inputs).toHaveLength(5);
  });
});
