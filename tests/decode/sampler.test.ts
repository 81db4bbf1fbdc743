// The sampler: greedy and tie order, top-k, top-p (nucleus) boundaries, both combined, seeded
// determinism, option errors; and a model with non-causal attention refusing the KV cache.
import { describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import { Rng } from "../../runtime/init.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import {
  argMax,
  candidates,
  checkSamplerOptions,
  generate,
  pickToken,
} from "../../runtime/decode/index.ts";
import { attend } from "../../runtime/ops/attention.ts";
import { positions } from "../../runtime/ops/embedding.ts";
import type { CompiledModel, Params } from "../../runtime/model.ts";

await tf.setBackend("cpu");

const probs = (...p: number[]): Float32Array => Float32Array.from(p.map(Math.log));

/** The ids drawn from `logits` over many seeds. */
function drawn(logits: Float32Array, o: Parameters<typeof pickToken>[1], n = 400): Set<number> {
  const rng = new Rng(5);
  return new Set(Array.from({ length: n }, () => pickToken(logits, o, rng)));
}

describe("sampler", () => {
  it("temperature 0 is argmax, ties go to the lower id", () => {
    expect(argMax([1, 3, 3, 2])).toBe(1);
    expect(pickToken(Float32Array.from([0, 5, 5]), { temperature: 0 }, new Rng(1))).toBe(1);
    expect(drawn(probs(0.1, 0.6, 0.3), { temperature: 0 })).toEqual(new Set([1]));
  });

  it("top-k keeps the k most likely; k = 1 is greedy at any temperature; k ≥ vocab is all", () => {
    const l = probs(0.1, 0.4, 0.3, 0.2);
    expect(drawn(l, { topK: 1, temperature: 5 })).toEqual(new Set([1]));
    expect(drawn(l, { topK: 2 })).toEqual(new Set([1, 2]));
    expect(drawn(l, { topK: 10 })).toEqual(new Set([0, 1, 2, 3]));
  });

  it("top-p keeps the shortest prefix whose mass reaches p", () => {
    const l = probs(0.2, 0.5, 0.3);
    expect(candidates(l, { topP: 0.5 }).ids).toEqual([1]); // exactly reached by the first
    expect(candidates(l, { topP: 0.51 }).ids).toEqual([1, 2]);
    expect(candidates(l, { topP: 0.8 }).ids).toEqual([1, 2]);
    expect(candidates(l, { topP: 0.81 }).ids).toEqual([1, 2, 0]);
    expect(candidates(l, { topP: 1 }).ids).toEqual([1, 2, 0]);
    expect(candidates(l, { topP: 1e-9 }).ids).toEqual([1]); // never empty
    expect(drawn(l, { topP: 0.6 })).toEqual(new Set([1, 2]));
  });

  it("top-p applies after top-k and temperature, within the kept tokens", () => {
    const l = probs(0.4, 0.3, 0.2, 0.1);
    // top-2 renormalised: 0.571, 0.429 → p = 0.5 keeps one
    expect(candidates(l, { topK: 2, topP: 0.5 }).ids).toEqual([0]);
    // temperature 100 flattens to ~uniform: p = 0.5 needs two of four
    expect(candidates(l, { temperature: 100, topP: 0.5 }).ids).toEqual([0, 1]);
  });

  it("is deterministic for a seed and differs across seeds", () => {
    const l = Float32Array.from({ length: 50 }, (_, i) => Math.sin(i));
    const run = (seed: number) => {
      const rng = new Rng(seed);
      return Array.from({ length: 40 }, () => pickToken(l, { topP: 0.9 }, rng));
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
  });

  it("rejects out-of-range options with a user error", () => {
    for (const bad of [
      { topP: 0 },
      { topP: 1.5 },
      { topP: Number.NaN },
      { topK: -1 },
      { topK: 1.5 },
      { temperature: -1 },
    ])
      expect(() => checkSamplerOptions(bad), JSON.stringify(bad)).toThrow(RuntimeUserError);
    expect(() => checkSamplerOptions({ topP: 1, topK: 0, temperature: 0 })).not.toThrow();
  });
});

describe("a model that cannot decode causally", () => {
  it("refuses the KV cache once (non-causal attention) and recomputes the window instead", async () => {
    const V = 7;
    const d = 4;
    const table = tf.variable(tf.randomNormal([V, d], 0, 1, "float32", 1));
    const pos = tf.variable(tf.randomNormal([8, d], 0, 1, "float32", 2));
    const params: Params = new Map([
      ["tok", table],
      ["pos", pos],
    ]);
    const model: CompiledModel = {
      meta: { name: "NonCausal", source: "test", paramCount: 0, vocab: V, context: 8, width: d },
      params: [],
      forward: (p, tokens, ctx) => {
        const x = tf.add(
          tf.gather(p.get("tok")!, tokens),
          positions(tokens.shape[1], p.get("pos")!, ctx),
        );
        const h = attend(x, x, x, { heads: 2, causal: false }, ctx);
        return tf
          .matMul(h.reshape([-1, d]), p.get("tok")!, false, true)
          .reshape([1, -1, V]) as tf.Tensor3D;
      },
    };
    const notes: string[] = [];
    const before = tf.memory().numTensors;
    const cached = await generate(model, params, [1, 2], {
      tokens: 10,
      temperature: 0,
      onFallback: (w) => notes.push(w),
    });
    const full = await generate(model, params, [1, 2], {
      tokens: 10,
      temperature: 0,
      cache: false,
    });
    expect(tf.memory().numTensors).toBe(before);
    expect(notes).toEqual([expect.stringMatching(/non-causal attention/)]);
    expect(cached.cached).toBe(false);
    expect(cached.fallback).toMatch(/non-causal/);
    expect(cached.tokens).toEqual(full.tokens);
    table.dispose();
    pos.dispose();
  });
});
