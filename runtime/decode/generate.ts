// Autoregressive generation: the prompt is prefilled in one forward, then each new token is drawn
// (sampler.ts) from the logits the decoder returns and fed back (one position with the KV cache).
import type { CompiledModel, Params } from "../model.ts";
import { Rng } from "../init.ts";
import { tokenizerFor, type Tokenizer } from "../data/tokenizer.ts";
import { Decoder, type DecoderOptions } from "./decoder.ts";
import { checkSamplerOptions, pickToken, type SamplerOptions } from "./sampler.ts";

/** The start token of an empty byte prompt: a newline. */
export const EMPTY_PROMPT: readonly number[] = [10];

export interface SampleOptions extends SamplerOptions, DecoderOptions {
  /** How many tokens to generate. */
  readonly tokens: number;
  readonly seed?: number;
  /** Called with each token's logits [vocab] before it is drawn (tests compare paths with it). */
  readonly onLogits?: (logits: Float32Array) => void;
  /** Encodes the prompt and decodes the continuation (sample()); default bytes. */
  readonly tokenizer?: Tokenizer;
}

export interface Generation {
  /** The generated ids (the prompt excluded). */
  readonly tokens: number[];
  /** Whether the KV cache was used to the end. */
  readonly cached: boolean;
  /** Why the cache was refused, or null. */
  readonly fallback: string | null;
  /** A model with early exits: the mean 1-based layer its exit rule stopped at per token (L = all). */
  readonly meanExitLayer?: number;
}

/** Generates `opts.tokens` ids after `prompt` (EMPTY_PROMPT when empty). */
export async function generate(
  model: CompiledModel,
  params: Params,
  prompt: readonly number[],
  opts: SampleOptions,
): Promise<Generation> {
  checkSamplerOptions(opts);
  const rng = new Rng(opts.seed ?? 0);
  const decoder = new Decoder(model, params, opts);
  const out: number[] = [];
  try {
    let input = prompt.length > 0 ? prompt : EMPTY_PROMPT;
    for (let i = 0; i < opts.tokens; i++) {
      const logits = await decoder.push(input);
      opts.onLogits?.(logits);
      const next = pickToken(logits, opts, rng);
      out.push(next);
      input = [next];
    }
    const mean = decoder.meanExitLayer;
    return {
      tokens: out,
      cached: decoder.caching,
      fallback: decoder.fallback,
      ...(mean !== undefined ? { meanExitLayer: mean } : {}),
    };
  } finally {
    decoder.dispose();
  }
}

/** Generates token ids after `prompt` (the prompt is not included in the result). */
export async function sampleTokens(
  model: CompiledModel,
  params: Params,
  prompt: readonly number[],
  opts: SampleOptions,
): Promise<number[]> {
  return (await generate(model, params, prompt, opts)).tokens;
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
