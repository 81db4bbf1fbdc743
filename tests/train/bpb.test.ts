// Bits per byte across tokenizers: on the same text, the bytes and gpt2 tokenizers' bpb equal a
// hand computation, nats over the targets / (ln 2 × the UTF-8 bytes those targets stand for).
// Also the gpt2 text dataset: tokenised once, deterministic resumable batches, too-short files.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { createParams, disposeParams } from "../../runtime/init.ts";
import { loadTextFile, makeDataset, TextDataset } from "../../runtime/data/index.ts";
import { tokenizerFor, type Tokenizer } from "../../runtime/data/tokenizer.ts";
import type { Batch } from "../../runtime/data/types.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { evaluate } from "../../runtime/train/evaluate.ts";
import { runMain } from "../../runtime/run/main.ts";
import { readMetrics } from "../../runtime/train/metrics.ts";
import { captureIO, smallConfig, tempDir } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const TEXT = "Fellow-Citizens of the Senate: naïve café, 世界 🙂 and the House.";
const utf8 = (s: string): number => new TextEncoder().encode(s).length;

/** The whole text as one row, and the bytes its targets (every token after the first) stand for. */
function oneRow(tokenizer: Tokenizer): { batch: Batch; targets: number; bytes: number } {
  const ids = tokenizer.encode(TEXT);
  const first = tokenizer.decode(ids.slice(0, 1));
  const batch = { tokens: Int32Array.from(ids), batch: 1, width: ids.length };
  return { batch, targets: ids.length - 1, bytes: utf8(TEXT) - utf8(first) };
}

async function bitsOf(tokenizer: Tokenizer, uniform: boolean) {
  const { batch, targets, bytes } = oneRow(tokenizer);
  const model = bigramModel({ vocab: tokenizer.vocabSize, context: batch.width, width: 4 });
  const params = createParams(model.params, 0);
  if (uniform) params.get("head.kernel")!.assign(tf.zerosLike(params.get("head.kernel")!));
  const r = await evaluate(model, params, [batch], { tokenizer });
  disposeParams(params);
  return { r, targets, bytes };
}

describe("bits per byte", () => {
  it("is nats / (ln 2 × text bytes) for bytes and gpt2 alike (uniform model: targets·ln V)", async () => {
    for (const name of ["bytes", "gpt2"]) {
      const tokenizer = tokenizerFor(name);
      const { r, targets, bytes } = await bitsOf(tokenizer, true);
      const hand = (targets * Math.log(tokenizer.vocabSize)) / (Math.LN2 * bytes);
      expect(r.loss).toBeCloseTo(Math.log(tokenizer.vocabSize), 4);
      expect(r.bpb).toBeCloseTo(hand, 4);
      expect(r.bitsPerToken).toBeCloseTo(Math.log2(tokenizer.vocabSize), 4);
    }
    // bytes: every target is one byte, so bpb = bits per token = 8.
    expect((await bitsOf(tokenizerFor("bytes"), true)).r.bpb).toBeCloseTo(8, 4);
  });

  it("divides a trained model's total nats by the text's bytes, not its tokens", async () => {
    const { r, targets, bytes } = await bitsOf(tokenizerFor("gpt2"), false);
    expect(bytes).toBeGreaterThan(targets);
    expect(r.bpb).toBeCloseTo((r.loss * targets) / (Math.LN2 * bytes), 6);
    expect(r.bpb!).toBeLessThan(r.bitsPerToken);
  });

  it("is absent for data that stands for no text", async () => {
    const model = bigramModel({ vocab: 12, context: 8, width: 4 });
    const params = createParams(model.params, 0);
    const ds = makeDataset(
      { kind: "copy", length: 3 },
      { vocab: 12, context: 8, batch: 2, seed: 0 },
    );
    const r = await evaluate(model, params, ds, { maxBatches: 1 });
    disposeParams(params);
    expect(r.bpb).toBeUndefined();
    expect(r.bitsPerToken).toBeCloseTo(r.loss / Math.LN2, 10);
  });
});

describe("gpt2 text data", () => {
  const file = (text: string): string => {
    const path = join(tempDir(), "corpus.txt");
    writeFileSync(path, text);
    return path;
  };
  const story = Array.from({ length: 60 }, (_, i) => `Line ${i}: the café of 世界 🙂.\n`).join("");

  it("holds token ids of both splits, with the same batches after a resume", () => {
    const corpus = loadTextFile(file(story), 0.2, 8);
    const gpt2 = tokenizerFor("gpt2");
    const a = new TextDataset(corpus, 2, 8, 3, gpt2);
    const first = [a.nextTrain(), a.nextTrain(), a.nextTrain()];
    const resumed = new TextDataset(corpus, 2, 8, 3, gpt2);
    resumed.setState({ cursor: 2 });
    expect(resumed.nextTrain().tokens).toEqual(first[2]!.tokens);
    expect(Math.max(...first.flatMap((b) => Array.from(b.tokens)))).toBeGreaterThan(255);
    expect(a.vocab).toBe(50257);
    expect(a.description).toMatch(/gpt2 tokens \(\d+ train, \d+ validation\)/);
    const text = gpt2.decode(Array.from(a.validation(1)[0]!.tokens.subarray(0, 9)));
    expect(corpus.validation.length).toBeGreaterThan(0);
    expect(new TextDecoder().decode(corpus.validation)).toContain(text);
  });

  it("rejects a model vocabulary below the tokenizer's", () => {
    const spec = { kind: "text", source: { file: file(story) }, tokenizer: "gpt2" } as const;
    expect(() => makeDataset(spec, { vocab: 256, context: 8, batch: 2, seed: 0 })).toThrow(
      "The gpt2 tokenizer makes 50257 token ids, but the model's vocab is 256.",
    );
  });

  it("says when a split holds too few tokens", () => {
    // " the" 60 times: 120 bytes per split, enough for context 40, but 30 gpt2 tokens each.
    const corpus = loadTextFile(file(" the".repeat(60)), 0.5, 40);
    expect(() => new TextDataset(corpus, 2, 40, 0, tokenizerFor("gpt2"))).toThrow(RuntimeUserError);
    expect(() => new TextDataset(corpus, 2, 40, 0, tokenizerFor("gpt2"))).toThrow(
      /too short for the gpt2 tokenizer: its training split is \d+ tokens/,
    );
  });
});

describe("a gpt2 run through runMain", () => {
  it("prints bits per byte and per token, records both, and samples gpt2 text", async () => {
    const dir = tempDir();
    const data = join(dir, "story.txt");
    writeFileSync(data, Array.from({ length: 80 }, (_, i) => `Line ${i}: the café.\n`).join(""));
    const io = captureIO();
    const code = await runMain(
      bigramModel({ vocab: 50257, context: 8, width: 4 }),
      {
        ...smallConfig,
        data: { kind: "text", source: { file: data }, tokenizer: "gpt2", validation: 0.2 },
        batch: 2,
        steps: 2,
        evalEvery: 2,
        checkpointEvery: 0,
      },
      ["node", "t", "--backend", "cpu", "--out", join(dir, "run"), "--sample", "4"],
      io,
    );
    expect(code, io.text()).toBe(0);
    expect(io.text()).toMatch(/gpt2 tokens \(\d+ train, \d+ validation\)/);
    expect(io.text()).toMatch(/\d\.\d{3} bits per byte, \d+\.\d{3} bits per token \(step 2\)/);
    expect(io.text()).toMatch(/sample: "The[^"]*"\n/);
    const evals = readMetrics(join(dir, "run", "metrics.jsonl")).filter((r) => r.type === "eval");
    expect(evals[0]).toMatchObject({ step: 2 });
    expect(evals[0]!.valBpb!).toBeLessThan(evals[0]!.valBitsPerToken);
  });
});
