// Connection patterns (constructs.md §4.1, §4.2, §11) through the real compiler, on cpu with
// dropout off: the parallel block is y = x + Attn(N(x)) + FFN(N(x)) by hand (one shared norm, or
// two different ones), and differs from the serial block; DenseFormer's DWA is the identity at
// init for several (dilation, period), averages the raw block outputs X_j (not the earlier DWA
// outputs) once trained, and has Σ_{i ≤ L, i mod p = 0} (⌊i/k⌋ + 1) weights.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
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
  type W,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const TOL = 1e-5;

describe("parallel block", () => {
  it("one shared norm: y = x + Attn(N(x)) + FFN(N(x)), and not the serial block", async () => {
    const toks = tokens();
    const par = await compileSource(
      "parallel",
      gptSource(`  repeat 2 {
    parallel {
      CausalSelfAttention(d, heads)
      MLP(d, 4 * d)
    }
  }`),
    );
    const p = paramsOf(par);
    randomizeNorms(p);
    const w = lookup(p);
    const hand = handModel(w, toks, (x0) => {
      let x = x0;
      for (let l = 0; l < 2; l++) {
        const n = handLN(w, `blocks.${l}.ln`, x);
        x = tf.addN([
          x,
          handAttn(w, `blocks.${l}.causal_self_attention`, n),
          handMlp(w, `blocks.${l}.mlp`, n),
        ]);
      }
      return x;
    });
    const got = logits(par, p, toks);
    expect(maxDiff(got, hand)).toBeLessThan(TOL);
    // The serial Pre-LN block with the same weights (its two norms = the shared one) differs.
    const serial = handModel(w, toks, (x0) => {
      let x = x0;
      for (let l = 0; l < 2; l++) {
        x = tf.add(
          x,
          handAttn(w, `blocks.${l}.causal_self_attention`, handLN(w, `blocks.${l}.ln`, x)),
        );
        x = tf.add(x, handMlp(w, `blocks.${l}.mlp`, handLN(w, `blocks.${l}.ln`, x)));
      }
      return x;
    });
    expect(maxDiff(got, serial)).toBeGreaterThan(1e-4);
  });

  it("separate norms: y = x + Attn(N₁(x)) + FFN(N₂(x)) with two different norms", async () => {
    const toks = tokens();
    const par = await compileSource(
      "parallel-2",
      gptSource("  repeat 2 { ParallelBlock(d, heads, shared_norm: false) }"),
    );
    const names = par.params.map((q) => q.name).filter((n) => /^blocks\.0\.ln/.test(n));
    expect(names).toEqual([
      "blocks.0.ln_0.scale",
      "blocks.0.ln_0.bias",
      "blocks.0.ln_1.scale",
      "blocks.0.ln_1.bias",
    ]);
    const p = paramsOf(par);
    randomizeNorms(p); // N₁ ≠ N₂ from here on
    const w = lookup(p);
    const block = (w: W, l: number, x: tf.Tensor, swap = false): tf.Tensor => {
      const [a, m] = swap ? ["ln_1", "ln_0"] : ["ln_0", "ln_1"];
      return tf.addN([
        x,
        handAttn(w, `blocks.${l}.causal_self_attention`, handLN(w, `blocks.${l}.${a}`, x)),
        handMlp(w, `blocks.${l}.mlp`, handLN(w, `blocks.${l}.${m}`, x)),
      ]);
    };
    const got = logits(par, p, toks);
    expect(
      maxDiff(
        got,
        handModel(w, toks, (x) => block(w, 1, block(w, 0, x))),
      ),
    ).toBeLessThan(TOL);
    const swapped = handModel(w, toks, (x) => block(w, 1, block(w, 0, x, true), true));
    expect(maxDiff(got, swapped)).toBeGreaterThan(1e-4);
  });
});

const L = 5;
const dwaSource = (k: number, p: number): string =>
  gptSource(`  repeat ${L} with dwa(dilation: ${k}, period: ${p}) { PreLNBlock(d, heads) }`);
const dwaCount = (k: number, p: number): number => {
  let n = 0;
  for (let i = 1; i <= L; i++) if (i % p === 0) n += Math.floor(i / k) + 1;
  return n;
};
const CONFIGS: readonly [number, number][] = [
  [1, 1],
  [2, 1],
  [1, 2],
  [2, 2],
  [3, 2],
  [2, 3],
];

describe("DenseFormer (DWA)", () => {
  it("at init equals the same model without DWA, for several (dilation, period)", async () => {
    const toks = tokens();
    const base = await compileSource(
      "dwa-base",
      gptSource(`  repeat ${L} { PreLNBlock(d, heads) }`),
    );
    const q = paramsOf(base);
    randomizeNorms(q);
    const want = logits(base, q, toks);
    for (const [k, p] of CONFIGS) {
      const m = await compileSource(`dwa-${k}x${p}`, dwaSource(k, p));
      const params = paramsOf(m);
      for (const [name, v] of q) params.set(name, v); // the same weights; DWA keeps its init
      expect(maxDiff(logits(m, params, toks), want), `${k}x${p}`).toBeLessThan(TOL);
    }
  });

  it("has Σ_{i ≤ L, i mod p = 0} (⌊i/k⌋ + 1) weights, one vector per site", async () => {
    const base = await compileSource(
      "dwa-base-count",
      gptSource(`  repeat ${L} { PreLNBlock(d, heads) }`),
    );
    for (const [k, p] of CONFIGS) {
      const m = await compileSource(`dwa-count-${k}x${p}`, dwaSource(k, p));
      const dwa = m.params.filter((q) => q.name.startsWith("dwa."));
      const sites = Array.from({ length: L }, (_, i) => i + 1).filter((i) => i % p === 0);
      expect(dwa.map((q) => q.name)).toEqual(sites.map((i) => `dwa.${i}.weights`));
      expect(dwa.map((q) => q.shape[0])).toEqual(sites.map((i) => Math.floor(i / k) + 1));
      expect(dwa.every((q) => q.init.kind === "oneHotLast" && !q.decay)).toBe(true);
      expect(m.meta.paramCount - base.meta.paramCount, `${k}x${p}`).toBe(dwaCount(k, p));
    }
  });

  it("with trained weights, Y_i = Σ_{j ∈ S_i} α_ij X_j over the raw block outputs", async () => {
    const toks = tokens();
    for (const [k, p] of [
      [2, 1],
      [1, 2],
      [2, 2],
    ] as const) {
      const m = await compileSource(`dwa-hand-${k}x${p}`, dwaSource(k, p));
      const params = paramsOf(m);
      randomizeNorms(params);
      let s = 11;
      for (const [name, v] of params)
        if (name.startsWith("dwa."))
          v.assign(
            tf.tensor1d(
              Array.from(
                { length: v.size },
                () => ((s = (s * 48271) % 2147483647) / 2147483647) * 2 - 1,
              ),
            ),
          );
      const w = lookup(params);
      const hand = handModel(w, toks, (x0) => {
        const X: tf.Tensor[] = [x0];
        let y = x0;
        for (let i = 1; i <= L; i++) {
          const b = `blocks.${i - 1}`;
          let x = tf.add(
            y,
            handAttn(
              w,
              `${b}.causal_self_attention`,
              handLN(w, `${b}.causal_self_attention.ln_in`, y),
            ),
          );
          x = tf.add(x, handMlp(w, `${b}.mlp`, handLN(w, `${b}.mlp.ln_in`, x)));
          X.push(x);
          if (i % p !== 0) {
            y = x;
            continue;
          }
          const S = X.map((_, j) => j).filter((j) => j % k === i % k); // ascending, ends with i
          const alpha = w(`dwa.${i}.weights`).dataSync();
          expect(alpha.length).toBe(S.length);
          y = tf.addN(S.map((j, n) => tf.mul(X[j]!, alpha[n]!)));
        }
        return y;
      });
      expect(maxDiff(logits(m, params, toks), hand), `${k}x${p}`).toBeLessThan(TOL);
    }
  });
});
