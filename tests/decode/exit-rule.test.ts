// The early-exit rule at inference (constructs.md §8.3) on hand-made logits and through the real
// compiler: max posterior with τ = 0 (entropy with τ = ∞) takes the first exit, τ above 1 (entropy
// τ < 0) the full model; a mixed batch picks per position; evaluateTokens and generate report the
// mean exit layer, and with τ > 1 they give the full model's loss and tokens.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { applyExitRule, exitForward } from "../../runtime/decode/exit-rule.ts";
import { generate } from "../../runtime/decode/generate.ts";
import { evaluateTokens } from "../../runtime/train/evaluate.ts";
import {
  compileSource,
  context,
  gptSource,
  logits,
  maxDiff,
  paramsOf,
  tokens,
} from "../constructs/support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Logits [1, 2, 3]: position 0 confident (p ≈ 0.98 on one token), position 1 uniform. */
const confidentThenFlat = (): tf.Tensor3D => tf.tensor3d([5, 1, 1, 0, 0, 0], [1, 2, 3]);
const flat = (): tf.Tensor3D => tf.tensor3d([0, 0, 0, 0, 0, 0], [1, 2, 3]);
const final = (): tf.Tensor3D => tf.tensor3d([0, 9, 0, 0, 9, 0], [1, 2, 3]);

function choose(
  rule: "max_posterior" | "entropy",
  threshold: number,
  exits: [number, () => tf.Tensor3D][],
): { logits: number[]; layers: number[] } {
  return tf.tidy(() => {
    const c = applyExitRule(
      { depth: 4, rule, threshold },
      new Map(exits.map(([l, f]) => [l, f()])),
      final(),
    );
    return { logits: Array.from(c.logits.dataSync()), layers: Array.from(c.layers.dataSync()) };
  });
}

describe("exit rule limits", () => {
  const exits: [number, () => tf.Tensor3D][] = [
    [0, flat],
    [2, confidentThenFlat],
  ];
  it("max posterior τ = 0 and entropy τ = ∞ take the first exit everywhere", () => {
    for (const [rule, tau] of [
      ["max_posterior", 0],
      ["entropy", Number.POSITIVE_INFINITY],
    ] as const) {
      const c = choose(rule, tau, exits);
      expect(c.layers).toEqual([1, 1]);
      expect(c.logits).toEqual([0, 0, 0, 0, 0, 0]);
    }
  });

  it("max posterior τ > 1 and entropy τ < 0 give the full model (layer L)", () => {
    for (const [rule, tau] of [
      ["max_posterior", 1.01],
      ["entropy", -1],
    ] as const) {
      const c = choose(rule, tau, exits);
      expect(c.layers).toEqual([4, 4]);
      expect(c.logits).toEqual([0, 9, 0, 0, 9, 0]);
    }
  });

  it("per position: the first exit that passes", () => {
    // exit 2 is confident at position 0 only (max p = e⁵/(e⁵+2) ≈ 0.974, entropy ≈ 0.14 nats)
    for (const [rule, tau] of [
      ["max_posterior", 0.9],
      ["entropy", 0.5],
    ] as const) {
      const c = choose(rule, tau, exits);
      expect(c.layers).toEqual([3, 4]);
      expect(c.logits).toEqual([5, 1, 1, 0, 9, 0]);
    }
  });
});

describe("the exit rule through a compiled model", () => {
  const src = (tau: number) =>
    gptSource(`  repeat 3 with exits(at: (0, 1), threshold: ${tau}) { PreLNBlock(d, heads) }`);

  it("τ > 1 gives the full model's logits, loss and greedy tokens; τ = 0 exits at layer 1", async () => {
    const m = await compileSource("rule-full", src(1.5));
    const p = paramsOf(m);
    const full = logits(m, p, tokens());
    const chosen = tf.tidy(() => {
      const c = exitForward(m, p, tokens(), context());
      return {
        logits: c.logits.dataSync() as Float32Array,
        layers: Array.from(c.layers!.dataSync()),
      };
    });
    expect(maxDiff(chosen.logits, full)).toBe(0);
    expect(new Set(chosen.layers)).toEqual(new Set([3]));

    const ids = Array.from({ length: 40 }, (_, i) => (i * 11 + 3) % 32);
    const bytesPerToken = new Uint8Array(32).fill(1);
    const opts = { batch: 2, step: 0, bytesPerToken };
    const atFull = await evaluateTokens(m, p, ids, opts);
    expect(atFull.meanExitLayer).toBe(3);
    const first = await evaluateTokens(m, p, ids, { ...opts, exitThreshold: 0 });
    expect(first.meanExitLayer).toBe(1);
    expect(Math.abs(first.loss - atFull.loss)).toBeGreaterThan(1e-4);

    const sampled = { tokens: 6, temperature: 0, topK: 0, topP: 1 };
    // no tensor leaks per call (the first call may fill the runtime's caches)
    const g = await generate(m, p, [1, 2, 3], sampled);
    const before = tf.memory().numTensors;
    await generate(m, p, [1, 2, 3], sampled);
    await evaluateTokens(m, p, ids, opts);
    expect(tf.memory().numTensors).toBe(before);
    expect(g.meanExitLayer).toBe(3);
    const g0 = await generate(m, p, [1, 2, 3], { ...sampled, exitThreshold: 0 });
    expect(g0.meanExitLayer).toBe(1);
    // the full model's greedy tokens: the same model without the rule (its own logits)
    const plain = await compileSource(
      "rule-plain",
      gptSource("  repeat 3 { PreLNBlock(d, heads) }"),
    );
    const q = new Map([...p].filter(([n]) => !n.startsWith("exits.")));
    const gp = await generate(plain, q, [1, 2, 3], sampled);
    expect(g.tokens).toEqual(gp.tokens);
    expect(gp.meanExitLayer).toBeUndefined();
  });
});
