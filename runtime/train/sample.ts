// Autoregressive sampling: the last `context` tokens go through the model, the next token is drawn
// from softmax(logits / temperature) restricted to the top k (temperature 0 = greedy), seeded.
// Text goes in and out through the run's tokenizer (bytes unless `tokenizer` says otherwise).
import * as tf from "@tensorflow/tfjs";
import type { CompiledModel, Params } from "../model.ts";
import { Rng } from "../init.ts";
import { tokenizerFor, type Tokenizer } from "../data/tokenizer.ts";
import { NO_AUX } from "./evaluate.ts";

export interface SampleOptions {
  /** How many tokens to generate. */
  readonly tokens: number;
  /** Default 1; 0 = greedy. */
  readonly temperature?: number;
  /** Keep only the k most likely tokens (0 or absent = all). */
  readonly topK?: number;
  readonly seed?: number;
  /** The optimizer step the model is at (growth masks ramp with it); default 0. */
  readonly step?: number;
  /** Encodes the prompt and decodes the continuation (sample()); default bytes. */
  readonly tokenizer?: Tokenizer;
}

/** Draws an index from logits with temperature and top-k. */
export function pickToken(
  logits: Float32Array,
  temperature: number,
  topK: number,
  rng: Rng,
): number {
  const order = Array.from(logits.keys()).sort((a, b) => logits[b]! - logits[a]!);
  if (temperature <= 0) return order[0]!;
  const keep = topK > 0 ? order.slice(0, topK) : order;
  const max = logits[keep[0]!]!;
  const weights = keep.map((i) => Math.exp((logits[i]! - max) / temperature));
  let r = rng.uniform() * weights.reduce((a, b) => a + b, 0);
  for (let j = 0; j < keep.length; j++) {
    r -= weights[j]!;
    if (r <= 0) return keep[j]!;
  }
  return keep[keep.length - 1]!;
}

/** Generates token ids after `prompt` (the prompt is not included in the result). */
export async function sampleTokens(
  model: CompiledModel,
  params: Params,
  prompt: readonly number[],
  opts: SampleOptions,
): Promise<number[]> {
  const rng = new Rng(opts.seed ?? 0);
  const seq = prompt.length > 0 ? [...prompt] : [10];
  const out: number[] = [];
  for (let i = 0; i < opts.tokens; i++) {
    const window = seq.slice(-model.meta.context);
    const last = tf.tidy(() => {
      const x = tf.tensor2d(Int32Array.from(window), [1, window.length], "int32");
      const ctx = { training: false, step: opts.step ?? 0, aux: NO_AUX, seed: 0 };
      const logits = model.forward(params, x, ctx); // [1, T, V]
      return logits.slice([0, window.length - 1, 0], [1, 1, -1]).reshape([-1]);
    });
    const values = (await last.data()) as Float32Array;
    last.dispose();
    const next = pickToken(values, opts.temperature ?? 1, opts.topK ?? 0, rng);
    seq.push(next);
    out.push(next);
  }
  return out;
}

/**
 * Generates text after `prompt` (a string or bytes are encoded with the tokenizer, ids are taken as
 * they are); returns the continuation only, decoded with the tokenizer.
 */
export async function sample(
  model: CompiledModel,
  params: Params,
  prompt: string | Uint8Array | readonly number[],
  opts: SampleOptions,
): Promise<string> {
  const tokenizer = opts.tokenizer ?? tokenizerFor("bytes");
  const ids =
    typeof prompt === "string" || prompt instanceof Uint8Array
      ? tokenizer.encode(prompt)
      : Array.from(prompt);
  return tokenizer.decode(await sampleTokens(model, params, ids, opts));
}
