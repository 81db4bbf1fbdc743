// LayerSkip and early exits (constructs.md §8.2, §8.3, §11) through the real compiler, on cpu:
// p_max = 0 with no exit loss equals the baseline (loss and gradients); p_max = 1 drops the last
// layer and never the first (D(0) = 0, D(L−1) = 1, no rescaling); a LayerSkip exit at layer ℓ is
// the model cut after ℓ (shared final norm and head); with E_t = {L−1} the objective is the plain
// loss; the exit weights are cumulative and sum to 1; own exit heads sum equal-weight losses.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import { crossEntropy } from "../../runtime/ops/loss.ts";
import { enabledExits, exitWeights, forwardObjective } from "../../runtime/train/exit-loss.ts";
import type { ExitSpec } from "../../spec/exits.ts";
import {
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
const block = "{ PreLNBlock(d, heads) }";
const targets = (): tf.Tensor2D => tf.tidy(() => tokens(2, 5));

/** Objective and named gradients of one training-mode batch at `step` of `steps`. */
function lossAndGrads(
  model: CompiledModel,
  p: Params,
  step = 3,
  steps = 10,
): { loss: number; ce: number; grads: Map<string, Float32Array> } {
  let out: { loss: number; ce: number; grads: Map<string, Float32Array> } | undefined;
  tf.tidy(() => {
    const names = new Map([...p.entries()].map(([n, v]) => [v.name, n] as const));
    let ce = 0;
    const ctx = { ...context(true), step, steps };
    const { value, grads } = tf.variableGrads(() => {
      const r = forwardObjective(model, p, tokens(), targets(), ctx);
      ce = r.ce.dataSync()[0]!;
      return r.objective;
    }, [...p.values()]);
    const named = new Map(
      Object.entries(grads).map(
        ([k, g]) => [names.get(k) ?? k, g.dataSync() as Float32Array] as const,
      ),
    );
    out = { loss: value.dataSync()[0]!, ce, grads: named };
  });
  return out!;
}

describe("LayerSkip (§8.2)", () => {
  it("p_max 0 and no exit loss equal the baseline: loss and every gradient", async () => {
    const base = await compileSource("ls-base", gptSource(`  repeat 3 ${block}`));
    const ls = await compileSource(
      "ls-off",
      gptSource(`  repeat 3 with layerskip(p_max: 0, exits: none) ${block}`),
    );
    expect(ls.params.map((q) => q.name)).toEqual(base.params.map((q) => q.name));
    const p = paramsOf(base);
    const a = lossAndGrads(base, p);
    const b = lossAndGrads(ls, sameWeights(p, ls));
    expect(Math.abs(a.loss - b.loss)).toBeLessThan(TOL);
    for (const [name, g] of a.grads) expect(maxDiff(g, b.grads.get(name)!), name).toBeLessThan(TOL);
  });

  it("p_max 1 without the time curriculum drops the last layer (no rescale) and never the first", async () => {
    const ls = await compileSource(
      "ls-drop",
      gptSource(`  repeat 2 with layerskip(p_max: 1, time: false, exits: none) ${block}`),
    );
    const cut = await compileSource("ls-cut", gptSource(`  repeat 1 ${block}`));
    const p = paramsOf(ls);
    // training: D(1) = 1 so p_1 = 1 (layer 1 skipped for every sample), D(0) = 0 so layer 0 runs
    const dropped = logits(ls, p, tokens(), { ...context(true), step: 5, steps: 10 });
    const one = logits(cut, sameWeights(p, cut), tokens());
    expect(maxDiff(dropped, one)).toBeLessThan(TOL);
    // evaluation: no layer dropout
    expect(maxDiff(logits(ls, p, tokens()), one)).toBeGreaterThan(1e-3);
  });

  it("the time curriculum: S(0) = 0, so nothing is dropped at the first step", async () => {
    const src = (pm: number) =>
      gptSource(`  repeat 2 with layerskip(p_max: ${pm}, exits: none) ${block}`);
    const ls = await compileSource("ls-time", src(1));
    const p = paramsOf(ls);
    const atStart = logits(ls, p, tokens(), { ...context(true), step: 0, steps: 10 });
    expect(maxDiff(atStart, logits(ls, p, tokens()))).toBeLessThan(TOL);
  });

  it("an exit at layer ℓ is the model cut after ℓ, through the shared final norm and head", async () => {
    const ls = await compileSource(
      "ls-exit",
      gptSource(`  repeat 4 with layerskip(p_max: 0.2, exits: (0, 2)) ${block}`),
    );
    // the exits add no parameters: they are the model's ln_f and tied head
    const base = await compileSource("ls-exit-base", gptSource(`  repeat 4 ${block}`));
    expect(ls.params.map((q) => q.name)).toEqual(base.params.map((q) => q.name));
    const p = paramsOf(ls);
    const seen = exitLogits(ls, p);
    expect([...seen.keys()]).toEqual([0, 2]);
    for (const l of [0, 2]) {
      const cut = await compileSource(`ls-cut-${l}`, gptSource(`  repeat ${l + 1} ${block}`));
      expect(maxDiff(seen.get(l)!, logits(cut, sameWeights(p, cut), tokens()))).toBeLessThan(TOL);
    }
    // the model's own output is the exit at the last layer: the full model
    expect(maxDiff(logits(ls, p, tokens()), logits(base, p, tokens()))).toBeLessThan(TOL);
  });

  it("with E_t = {L−1} (gradual, step 0) the early-exit loss is the ordinary loss", async () => {
    const ls = await compileSource(
      "ls-gradual",
      gptSource(`  repeat 3 with layerskip(p_max: 0, curriculum: gradual) ${block}`),
    );
    const p = paramsOf(ls);
    const r = lossAndGrads(ls, p, 0, 10);
    expect(Math.abs(r.loss - r.ce)).toBeLessThan(TOL);
    // later, every exit is enabled and the objective is their weighted mean
    const later = lossAndGrads(ls, p, 9, 10);
    expect(Math.abs(later.loss - later.ce)).toBeGreaterThan(1e-4);
  });

  it("the objective is Σ ẽ_ℓ·CE(Head(FinalNorm(x_ℓ))) with cumulative weights summing to 1", async () => {
    const ls = await compileSource(
      "ls-weights",
      gptSource(`  repeat 3 with layerskip(p_max: 0, scale: 0.5) ${block}`),
    );
    const p = paramsOf(ls);
    const seen = exitLogits(ls, p);
    const ce = (a: Float32Array): number =>
      tf.tidy(() => crossEntropy(tf.tensor3d(a, [2, 8, 32]), targets()).dataSync()[0]!);
    // e = (1, 1 + 2, 1 + 2 + 3) with e_scale 0.5 below the last layer: (0.5, 1.5, 6) / 8
    const full = ce(logits(ls, p, tokens()));
    const want = (0.5 * ce(seen.get(0)!) + 1.5 * ce(seen.get(1)!) + 6 * full) / 8;
    const r = lossAndGrads(ls, p);
    expect(Math.abs(r.loss - want)).toBeLessThan(1e-4);
  });
});

describe("exit curricula and weights (§8.2)", () => {
  const spec = (o: Partial<ExitSpec>): ExitSpec => ({
    kind: "layerskip",
    depth: 4,
    layers: [0, 1, 2],
    scale: 1,
    curriculum: "fixed",
    every: 2,
    rule: "max_posterior",
    threshold: 0.9,
    ...o,
  });

  it("weights: e_ℓ = Σ_{i ≤ ℓ, i ∈ E_t} (i + 1), normalised to 1", () => {
    const w = exitWeights(spec({}), [0, 1, 2, 3]);
    expect([...w.values()]).toEqual([1 / 20, 3 / 20, 6 / 20, 10 / 20]);
    const sub = exitWeights(spec({ scale: 2 }), [1, 3]);
    expect([...sub.values()].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect([...sub.entries()]).toEqual([
      [1, 4 / 10],
      [3, 6 / 10],
    ]);
  });

  it("rotational rolls the enabled exits by one each step; gradual enables the last first", () => {
    const rot = spec({ curriculum: "rotational" });
    expect(enabledExits(rot, 0, 10)).toEqual([0, 2, 3]);
    expect(enabledExits(rot, 1, 10)).toEqual([1, 3]);
    expect(enabledExits(rot, 2, 10)).toEqual([0, 2, 3]);
    const grad = spec({ curriculum: "gradual" });
    expect(enabledExits(grad, 0, 100)).toEqual([3]);
    // 2t/T ≥ (L − ℓ)/L: ℓ = 2 at t ≥ 25, ℓ = 1 at t ≥ 37.5, ℓ = 0 at t ≥ 50 (mid-training);
    // the model's own output (ℓ = L − 1) is always trained
    expect(enabledExits(grad, 24, 100)).toEqual([3]);
    expect(enabledExits(grad, 25, 100)).toEqual([2, 3]);
    expect(enabledExits(grad, 38, 100)).toEqual([1, 2, 3]);
    expect(enabledExits(grad, 49, 100)).toEqual([1, 2, 3]);
    expect(enabledExits(grad, 50, 100)).toEqual([0, 1, 2, 3]);
  });
});

describe("early exits trained from scratch (§8.3)", () => {
  it("own norm and head per exit; the objective is the equal-weight sum of the exits' and the model's CE", async () => {
    const m = await compileSource(
      "ee-own",
      gptSource(`  repeat 4 with exits(at: (1, 2)) ${block}`),
    );
    const own = m.params.map((q) => q.name).filter((n) => n.startsWith("exits."));
    expect(own.sort()).toEqual([
      "exits.1.head.kernel",
      "exits.1.ln_f.bias",
      "exits.1.ln_f.scale",
      "exits.2.head.kernel",
      "exits.2.ln_f.bias",
      "exits.2.ln_f.scale",
    ]);
    const p = paramsOf(m);
    const seen = exitLogits(m, p);
    const ce = (a: Float32Array): number =>
      tf.tidy(() => crossEntropy(tf.tensor3d(a, [2, 8, 32]), targets()).dataSync()[0]!);
    const want = ce(seen.get(1)!) + ce(seen.get(2)!) + ce(logits(m, p, tokens()));
    const r = lossAndGrads(m, p);
    expect(Math.abs(r.loss - want)).toBeLessThan(1e-4);
    // every exit head receives a gradient
    for (const n of own)
      expect(maxDiff(r.grads.get(n)!, new Float32Array(r.grads.get(n)!.length))).toBeGreaterThan(0);
  });
});
