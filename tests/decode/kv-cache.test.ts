// Cached and uncached greedy decoding agree on every example (tiny copies, growth stages at a step
// inside their ramps): the same tokens and logits within 1e-4, past the context (the window
// restarts), with no tensor left behind.
import { describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import { createParams, disposeParams } from "../../runtime/init.ts";
import { clearAttentionCache } from "../../runtime/ops/attention.ts";
import { generate } from "../../runtime/decode/index.ts";
import { exampleFiles, sharpInits, tinyExample, TINY_CONTEXT } from "./support.ts";

await tf.setBackend("cpu");

/** Examples whose routing mixes tokens across the sequence: they refuse the cache and recompute. */
const REFUSES = new Set(["moe-expert-choice"]);

/** Examples whose decoding another example already covers (kept out for the suite's time). */
const COVERED: Readonly<Record<string, string>> = {
  "gpt-bpe-finetune.arch":
    "gpt.arch's layers on gpt-bpe.arch's 50,257-token head: both decode here",
};

const PROMPT = [72, 101, 108, 108, 111]; // "Hello"
const TOKENS = TINY_CONTEXT + 8; // past the context: the window restarts once

describe("KV-cached decoding equals full-window recompute", () => {
  for (const file of exampleFiles()) {
    const covered = COVERED[file];
    it.skipIf(covered !== undefined)(`${file}${covered ? ` (${covered})` : ""}`, async () => {
      for (const { name, model, step } of await tinyExample(file)) {
        const params = createParams(sharpInits(model.params), 3);
        if (model.meta.noDecode !== undefined) {
          // a model that cannot generate causally (p-MoD) refuses, saying why, with or without cache
          for (const cache of [true, false])
            await expect(
              generate(model, params, PROMPT, { tokens: 2, temperature: 0, cache, step }),
            ).rejects.toThrow(model.meta.noDecode);
          disposeParams(params);
          continue;
        }
        const run = async (cache: boolean) => {
          const logits: Float32Array[] = [];
          const notes: string[] = [];
          const g = await generate(model, params, PROMPT, {
            tokens: TOKENS,
            temperature: 0,
            cache,
            step,
            onLogits: (l) => logits.push(l),
            onFallback: (why) => notes.push(why),
          });
          return { ...g, logits, notes };
        };
        clearAttentionCache(); // (it keeps causal masks of the last 8 sizes)
        const before = tf.memory().numTensors;
        const cached = await run(true);
        const full = await run(false);
        clearAttentionCache();
        expect(tf.memory().numTensors, `${name}: tensors leaked`).toBe(before);
        expect(cached.tokens, name).toEqual(full.tokens);
        let worst = 0;
        cached.logits.forEach((l, i) =>
          l.forEach((x, j) => (worst = Math.max(worst, Math.abs(x - full.logits[i]![j]!)))),
        );
        expect(worst, `${name}: max |Δ logit|`).toBeLessThan(1e-4);
        const refuses = REFUSES.has(name.replace(/@.*/, ""));
        expect(cached.cached, name).toBe(!refuses);
        expect(cached.notes.length, name).toBe(refuses ? 1 : 0);
        disposeParams(params);
      }
    });
  }
});
