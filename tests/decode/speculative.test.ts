// Speculative decoding (runtime/decode/speculative.ts): greedy speculation gives exactly the target's
// greedy tokens (compiled examples as target and draft, past the context's window restarts, every
// draft length); with temperature > 0 the rejection rule keeps the target's distribution (a
// bigram target and draft on a 4-token vocabulary, chi-square over the joint of two tokens, fixed
// seeds); the rule's limit cases; no tensor leaks; a different vocabulary is refused.
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generate } from "../../runtime/decode/generate.ts";
import { clearAttentionCache } from "../../runtime/ops/attention.ts";
import {
  acceptDraft,
  exitDraft,
  samplingDist,
  speculate,
} from "../../runtime/decode/speculative.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { createParams, disposeParams, Rng } from "../../runtime/init.ts";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import { sharpInits, tinyExample, TINY_CONTEXT } from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** A model whose logits depend on the last token only: table[token] (a bigram model). */
function bigram(name: string, table: number[][]): { model: CompiledModel; params: Params } {
  const V = table.length;
  const t = tf.keep(tf.tensor2d(table.flat(), [V, V]));
  const model = {
    meta: { name, source: "", paramCount: 0, vocab: V, context: 64, width: V },
    params: [],
    // tokens [1, T] → logits [1, T, V]
    forward: (_p: Params, tokens: tf.Tensor2D) => tf.gather(t, tokens) as unknown as tf.Tensor3D,
  } as unknown as CompiledModel;
  return { model, params: new Map() };
}

const P = [
  [2, 0, 1, -1],
  [0, 1.5, -0.5, 1],
  [1, 1, 1, 0],
  [-1, 0, 2, 0.5],
];
const Q = [
  [0, 2, 0, 0],
  [1, 0, 0, 1],
  [0, 0, 3, 0],
  [0.5, 0.5, 0, 0],
];

describe("the acceptance rule", () => {
  it("greedy: accepts the target's argmax prefix, then the target's argmax", () => {
    const one = (i: number): Float64Array =>
      samplingDist(
        [0, 0, 0].map((_, j) => (j === i ? 1 : 0)),
        { temperature: 0 },
      );
    const rng = new Rng(1);
    // target argmax: 2, then 0, then 1; draft proposes 2, 1
    expect(acceptDraft([2, 1], [one(2), one(0), one(1)], [one(2), one(1)], rng)).toEqual([2, 0]);
    expect(acceptDraft([2, 0], [one(2), one(0), one(1)], [one(2), one(0)], rng)).toEqual([2, 0, 1]);
    expect(acceptDraft([], [one(1)], [], rng)).toEqual([1]);
  });

  it("a draft equal to the target is always accepted; one with no mass where p is never", () => {
    const p = Float64Array.from([0.5, 0.25, 0.25]);
    const rng = new Rng(3);
    for (let i = 0; i < 200; i++) {
      const x = [0, 1, 2][i % 3]!;
      expect(acceptDraft([x], [p, p], [p], rng).length).toBe(2);
    }
    const q = Float64Array.from([0, 0, 1]);
    const p0 = Float64Array.from([0.6, 0.4, 0]);
    for (let i = 0; i < 200; i++) {
      const out = acceptDraft([2], [p0, p0], [q], rng);
      expect(out.length).toBe(1);
      expect(out[0]).not.toBe(2); // drawn from the residual, where p has mass
    }
  });
});

/** The target's exact probability of (x1, x2) after prompt token 0 at temperature 1. */
function exactJoint(): number[] {
  const soft = (row: number[]): number[] => {
    const e = row.map(Math.exp);
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  };
  const first = soft(P[0]!);
  return first.flatMap((p1, x1) => soft(P[x1]!).map((p2) => p1 * p2));
}

describe("speculative sampling keeps the target's distribution", () => {
  it("chi-square over the joint of two tokens (K = 2, 3000 seeded runs)", async () => {
    const target = bigram("P", P);
    const draft = bigram("Q", Q);
    const N = 3000;
    const counts = new Array<number>(16).fill(0);
    let accepted = 0;
    for (let seed = 0; seed < N; seed++) {
      const g = await speculate(target, draft, [0], {
        tokens: 2,
        speculate: 2,
        temperature: 1,
        topK: 0,
        seed,
      });
      counts[g.tokens[0]! * 4 + g.tokens[1]!]! += 1;
      accepted += g.accepted;
    }
    const expected = exactJoint().map((p) => p * N);
    const chi2 = counts.reduce((a, c, i) => a + (c - expected[i]!) ** 2 / expected[i]!, 0);
    // 15 degrees of freedom: P(χ² > 37.7) = 0.001
    expect(chi2, `counts ${counts.join(",")}`).toBeLessThan(37.7);
    expect(accepted).toBeGreaterThan(0); // the draft was not always rejected
    // and the draft's own distribution is far from it: the test can tell them apart
    const draftFirst = samplingDist(Q[0]!, { temperature: 1 });
    const targetFirst = samplingDist(P[0]!, { temperature: 1 });
    expect(Math.abs(draftFirst[1]! - targetFirst[1]!)).toBeGreaterThan(0.3);
  }, 120_000);
});

describe("greedy speculation equals greedy sampling", () => {
  let target: { model: CompiledModel; params: Params };
  let draft: { model: CompiledModel; params: Params };

  beforeAll(async () => {
    const t = (await tinyExample("gpt.arch"))[0]!.model;
    const d = (await tinyExample("rope.arch"))[0]!.model; // another model of the same vocabulary
    // sharp weights: logits far from ties, so chunked and one-token forwards pick the same argmax
    target = { model: t, params: createParams(sharpInits(t.params), 5) };
    draft = { model: d, params: createParams(sharpInits(d.params), 9) };
  }, 120_000);

  afterAll(() => {
    disposeParams(target.params as Map<string, tf.Variable>);
    disposeParams(draft.params as Map<string, tf.Variable>);
  });

  for (const K of [1, 3, 5]) {
    it(`K = ${K}: the same tokens past several window restarts, no tensors left`, async () => {
      const plain = await generate(target.model, target.params, [72, 105], {
        tokens: 3 * TINY_CONTEXT,
        temperature: 0,
      });
      clearAttentionCache(); // masks are cached per size: count without them
      const before = tf.memory().numTensors;
      const spec = await speculate(target, draft, [72, 105], {
        tokens: 3 * TINY_CONTEXT,
        temperature: 0,
        speculate: K,
      });
      clearAttentionCache();
      expect(tf.memory().numTensors).toBe(before);
      expect(spec.tokens).toEqual(plain.tokens);
      expect(spec.steps).toBeLessThanOrEqual(3 * TINY_CONTEXT);
      // the draft verifying itself is accepted every time: K + 1 tokens per target forward
      const self = await speculate(target, target, [72, 105], {
        tokens: 3 * TINY_CONTEXT,
        temperature: 0,
        speculate: K,
      });
      expect(self.tokens).toEqual(plain.tokens);
      expect(self.accepted).toBe(self.proposed);
      if (K > 1) expect(self.steps).toBeLessThan(spec.tokens.length);
    }, 120_000);
  }

  it("refuses a draft of another vocabulary", async () => {
    const small = bigram("Q", Q);
    await expect(
      speculate(target, small, [1], { tokens: 4, speculate: 2, temperature: 0 }),
    ).rejects.toThrow(RuntimeUserError);
  });
});

describe("self-speculative decoding with an early exit (LayerSkip)", () => {
  it("the exit drafts, the full model verifies: greedy tokens equal plain greedy", async () => {
    const m = (await tinyExample("layerskip.arch"))[0]!.model;
    const params = createParams(sharpInits(m.params), 4);
    const layers = m.meta.exits!.layers;
    expect(layers.length).toBeGreaterThan(0);
    // the target without its exit rule (the full model), the draft its first exit
    const full = { ...m, meta: { ...m.meta } };
    delete (full.meta as { exits?: unknown }).exits;
    const plain = await generate(full, params, [72], { tokens: 2 * TINY_CONTEXT, temperature: 0 });
    const draft = { model: exitDraft(m, layers[0]!), params };
    const g = await speculate({ model: full, params }, draft, [72], {
      tokens: 2 * TINY_CONTEXT,
      temperature: 0,
      speculate: 3,
    });
    expect(g.tokens).toEqual(plain.tokens);
    expect(g.proposed).toBeGreaterThan(0);
    // the exit's own greedy text is another model's: the draft is not the target
    const exitText = await generate(draft.model, params, [72], {
      tokens: 2 * TINY_CONTEXT,
      temperature: 0,
    });
    expect(exitText.tokens).not.toEqual(plain.tokens);
    expect(() => exitDraft(m, m.meta.exits!.depth - 1)).toThrow(/no exit after layer/);
    expect(() => exitDraft(full, 0)).toThrow(/no early exits/);
    disposeParams(params);
  }, 120_000);
});
