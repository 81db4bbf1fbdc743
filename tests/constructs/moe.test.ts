// Mixture of experts (constructs.md §7, §11) through the real compiler, on cpu with dropout off:
// one expert (any router) and hash routing with one bucket equal the dense FFN with the same
// weights; Switch's balance loss is α for uniform routing; expert choice gives every expert exactly
// k tokens; top-k gates sum to 1 over the selected experts; hash routing depends on token ids only;
// the auxiliary losses are added to the training objective, and the per-expert load is reported.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { expertChoiceK, moeGates, routeSwitch } from "../../runtime/index.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { trainStep } from "../../runtime/train/step.ts";
import {
  compileSource,
  context,
  DIMS,
  gptSource,
  logits,
  maxDiff,
  paramsOf,
  randomizeNorms,
  sameWeights,
  tokens,
  type Collected,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Two layers: attention + FFN sublayers, the FFN being `ffn` in layer 1 (layer 0 stays dense). */
const twoLayers = (ffn: string): string =>
  gptSource(`  repeat 2 as i {
    residual(pre, layernorm) { CausalSelfAttention(d, heads) }
    if i == 1 {
      residual(pre, layernorm) { ${ffn} }
    } else {
      residual(pre, layernorm) { MLP(d, 4 * d) }
    }
  }`);
const dense = twoLayers("MLP(d, 4 * d)");
// top_k 1 where the router has a top-k (expert choice has none: ARCH3022)
const moe = (experts: number, router: string, extra = ""): string =>
  twoLayers(
    `moe(experts: ${experts}${router === "expert_choice" ? "" : ", top_k: 1"}, router: ${router}${extra}) { MLP(d, 4 * d) }`,
  );
/** A name of the dense model → the MoE model's name for the same weight (expert 0). */
const toMoe = (n: string): string =>
  n.startsWith("blocks.1.mlp.ln_")
    ? n.replace("blocks.1.mlp.", "blocks.1.moe.")
    : n.replace("blocks.1.mlp.", "blocks.1.moe.experts.0.");
const collect = (): Collected => ({ losses: new Map(), stats: new Map() });
const N = 2 * DIMS.ctx; // tokens per batch

describe("MoE limits", () => {
  it("one expert equals the dense FFN, for every router (hash: one bucket)", async () => {
    const toks = tokens();
    const ref = await compileSource("dense", dense);
    for (const router of ["softmax", "switch", "expert_choice", "hash"]) {
      const m = await compileSource(
        `moe1-${router}`,
        moe(1, router, router === "hash" ? ", balance: 0.0" : ", capacity: 1.0, balance: 0.0"),
      );
      const p = paramsOf(m);
      randomizeNorms(p);
      const q = sameWeights(p, ref, toMoe);
      expect(maxDiff(logits(m, p, toks), logits(ref, q, toks)), router).toBeLessThan(1e-5);
    }
  });
});

describe("routing invariants", () => {
  it("Switch balance loss is α for uniform routing (compiled model and router)", async () => {
    const alpha = 0.01;
    const m = await compileSource(
      "switch",
      moe(4, "switch", `, capacity: 1.25, balance: ${alpha}`),
    );
    const p = paramsOf(m);
    p.get("blocks.1.moe.router.kernel")!.assign(tf.zerosLike(p.get("blocks.1.moe.router.kernel")!));
    const got = collect();
    tf.tidy(() => void m.forward(p, tokens(), context(true, got)));
    expect([...got.losses.keys()]).toEqual(["blocks.1.moe.router.balance"]);
    expect(got.losses.get("blocks.1.moe.router.balance")).toBeCloseTo(alpha, 7);
    // f_i = P_i = 1/E exactly: token t prefers expert t mod E by the same margin.
    const E = 4;
    const logitsT = tf.tensor2d(
      Array.from({ length: 16 * E }, (_, i) => (Math.floor(i / E) % E === i % E ? 0.3 : 0)),
      [16, E],
    );
    const r = routeSwitch(logitsT, 2, alpha);
    expect(r.aux!.dataSync()[0]).toBeCloseTo(alpha, 7);
    expect(Array.from(tf.sum(r.mask, 0).dataSync())).toEqual([4, 4, 4, 4]);
  });

  it("expert choice: every expert processes exactly k = n·c/e tokens", async () => {
    for (const [E, c] of [
      [4, 2.0],
      [4, 1.0],
      [2, 0.5],
    ] as const) {
      const m = await compileSource(
        `ec-${E}-${c}`,
        moe(E, "expert_choice", `, capacity: ${c}, balance: 0.0`),
      );
      const p = paramsOf(m);
      const got = collect();
      tf.tidy(() => void m.forward(p, tokens(), context(true, got)));
      const load = got.stats.get("blocks.1.moe.router.load")!;
      const k = expertChoiceK(N, E, c);
      expect(k).toBe((N * c) / E);
      expect(
        load.map((f) => Math.round(f * N)),
        `E ${E}, c ${c}`,
      ).toEqual(Array(E).fill(k));
    }
  });

  it("top-k gates are exactly 0 off the k selected experts and sum to 1 over them", async () => {
    const m = await compileSource(
      "topk",
      twoLayers("moe(experts: 6, top_k: 2, router: softmax) { MLP(d, 4 * d) }"),
    );
    const p = paramsOf(m);
    const kernel = p.get("blocks.1.moe.router.kernel")!;
    const gates = tf.tidy(() => {
      const x = tf.randomNormal([N, DIMS.d], 0, 1, "float32", 5);
      const o = {
        router: "softmax",
        experts: 6,
        topK: 2,
        capacity: 100,
        balance: 0,
        name: "g",
      } as const;
      return moeGates(x, kernel, o, context()).arraySync() as number[][];
    });
    for (const row of gates) {
      expect(row.filter((g) => g > 0)).toHaveLength(2);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 6);
    }
  });

  it("hash routing is a pure function of the token id, with no router parameters", async () => {
    const m = await compileSource("hash", moe(4, "hash", ", balance: 0.0"));
    expect(m.params.some((q) => q.name.includes("router"))).toBe(false);
    const ids = tf.tensor2d(
      [
        [3, 9, 3, 1, 9, 3, 5, 7],
        [9, 3, 2, 2, 3, 1, 1, 9],
      ],
      [2, 8],
      "int32",
    );
    const route = (seed: number): number[] =>
      tf.tidy(() => {
        const x = tf.randomNormal([2, 8, DIMS.d], 0, 1, "float32", seed);
        const o = {
          router: "hash",
          experts: 4,
          topK: 1,
          capacity: 1,
          balance: 0,
          name: "h",
          tokens: ids,
          vocab: DIMS.vocab,
          hashSeed: 0,
        } as const;
        const g = moeGates(x, null, o, context()) as tf.Tensor3D;
        return Array.from(tf.argMax(g, -1).dataSync());
      });
    const a = route(1);
    expect(route(2)).toEqual(a); // other hidden states, same routing
    const flat = Array.from(ids.dataSync());
    const expertOf = new Map<number, number>();
    flat.forEach((id, i) => {
      expect(expertOf.get(id) ?? a[i], `token ${id}`).toBe(a[i]); // same id, same expert, any context
      expertOf.set(id, a[i]!);
    });
  });
});

describe("auxiliary losses in training", () => {
  it("every MoE layer of a repeat reports its own load (hash and switch routers)", async () => {
    for (const router of ["hash", "switch"]) {
      const m = await compileSource(
        `loads-${router}`,
        gptSource(`  repeat 3 {
    residual(pre, layernorm) { moe(experts: 2, router: ${router}, balance: 0.0) { MLP(d, 2 * d) } }
  }`),
      );
      const got = collect();
      tf.tidy(() => void m.forward(paramsOf(m), tokens(), context(true, got)));
      expect([...got.stats.keys()], router).toHaveLength(3);
      expect([...got.stats.keys()].every((k) => /^blocks\.\d\.(moe\.)?router\.load$/.test(k))).toBe(
        true,
      );
    }
  });

  it("are added to the training objective: loss − ce = Σ aux, reported by name with the load", async () => {
    const m = await compileSource(
      "switch-train",
      moe(4, "switch", ", capacity: 1.25, balance: 0.5"),
    );
    const p = paramsOf(m);
    const got = collect();
    const toks = Int32Array.from(
      { length: 2 * (DIMS.ctx + 1) },
      (_, i) => (i * 5 + 1) % DIMS.vocab,
    );
    const x = tf.tensor2d(
      [...toks.subarray(0, DIMS.ctx), ...toks.subarray(DIMS.ctx + 1, 2 * DIMS.ctx + 1)],
      [2, DIMS.ctx],
      "int32",
    );
    tf.tidy(() => void m.forward(p, x, context(true, got)));
    const opt = new AdamW({
      lr: 1e-3,
      beta1: 0.9,
      beta2: 0.95,
      eps: 1e-8,
      weightDecay: 0,
      decay: new Set(),
    });
    const r = await trainStep(
      m,
      p,
      opt,
      { tokens: toks, batch: 2, width: DIMS.ctx + 1 },
      { lr: 1e-3, clip: 1, step: 0, seed: 1 },
    );
    // A further step leaves no tensor behind (the kept aux values are disposed).
    const before = tf.memory().numTensors;
    await trainStep(
      m,
      p,
      opt,
      { tokens: toks, batch: 2, width: DIMS.ctx + 1 },
      { lr: 1e-3, clip: 1, step: 1, seed: 1 },
    );
    expect(tf.memory().numTensors).toBe(before);
    opt.dispose();
    expect(Object.keys(r.aux)).toEqual(["blocks.1.moe.router.balance"]);
    expect(r.aux["blocks.1.moe.router.balance"]).toBeCloseTo(
      got.losses.get("blocks.1.moe.router.balance")!,
      5,
    );
    expect(r.loss - r.ce).toBeCloseTo(r.aux["blocks.1.moe.router.balance"]!, 5);
    expect(r.aux["blocks.1.moe.router.balance"]!).toBeGreaterThan(0.4); // α·E·Σ fᵢPᵢ ≥ α
    const load = r.stats["blocks.1.moe.router.load"]!;
    expect(load).toHaveLength(4);
    const routed = load.reduce((a, b) => a + b, 0); // tokens over capacity skip the layer
    expect(routed).toBeGreaterThan(0);
    expect(routed).toBeLessThanOrEqual(1 + 1e-6);
  });
});

describe("shared + routed experts (constructs.md §7.4)", () => {
  it("y = x + Σ shared E_s(N(x)) + Σ gated E_i(N(x)): one routed expert + one shared = two parallel FFNs", async () => {
    // With one routed expert its gate is exactly 1, so the layer is x + E_0(N(x)) + S_0(N(x)): the
    // parallel block with one shared norm and two MLP branches, with the same weights.
    const toks = tokens();
    const m = await compileSource(
      "moe-shared",
      gptSource(
        "  repeat 1 { residual(pre, layernorm) { moe(experts: 1, top_k: 1, router: softmax, shared: 1, balance: 0.0) { MLP(d, 4 * d) } } }",
      ),
    );
    const ref = await compileSource(
      "moe-shared-ref",
      gptSource("  repeat 1 { parallel(shared_norm: true) { MLP(d, 4 * d); MLP(d, 4 * d) } }"),
    );
    const p = paramsOf(m);
    randomizeNorms(p);
    const q = sameWeights(p, ref, (n) =>
      n
        .replace("blocks.0.ln.", "blocks.0.ln_in.")
        .replace("blocks.0.mlp_1.", "blocks.0.shared.0.")
        .replace("blocks.0.mlp.", "blocks.0.experts.0."),
    );
    expect(maxDiff(logits(m, p, toks), logits(ref, q, toks))).toBeLessThan(1e-5);
    // Without the shared expert the output differs (the shared expert really contributes).
    const routedOnly = await compileSource(
      "moe-routed-only",
      gptSource(
        "  repeat 1 { residual(pre, layernorm) { moe(experts: 1, top_k: 1, router: softmax, balance: 0.0) { MLP(d, 4 * d) } } }",
      ),
    );
    const r = sameWeights(p, routedOnly);
    expect(maxDiff(logits(m, p, toks), logits(routedOnly, r, toks))).toBeGreaterThan(1e-3);
  });
});
