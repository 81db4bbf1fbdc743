// One sequence being generated: the tokens so far, the window the model sees, and its KV cache.
// With the cache each new token costs one position; without (or when the model refuses the cache:
// non-causal attention, expert-choice routing) every token re-runs the whole window. Both paths see
// the same window, so they give the same logits:
//   the window grows to the model's context; when a token would overflow it, the window restarts
//   as the last ⌈context/2⌉ tokens (or the last `context` tokens of a longer input), re-prefilled
//   in one forward (learned and sinusoidal positions are absolute: cached keys cannot shift).
// A model whose meta says `noDecode` (p-MoD: routing over the whole sequence) is refused outright.
import * as tf from "../tf.ts";
import type { CompiledModel, DecodeContext, ForwardContext, Params } from "../model.ts";
import { NO_AUX } from "../train/evaluate.ts";
import { exitForward } from "./exit-rule.ts";
import { RuntimeUserError } from "../errors.ts";
import { CacheRefused, KvCache, NO_CACHE } from "./kv-cache.ts";

export interface DecoderOptions {
  /** Use the KV cache (default true). */
  readonly cache?: boolean;
  /** The optimizer step the model is at (growth masks ramp with it); default 0. */
  readonly step?: number;
  /** Told once why the cache was refused (the decoder then recomputes the window per token). */
  readonly onFallback?: (reason: string) => void;
  /** A model with early exits: the exit rule's threshold instead of the model's own. */
  readonly exitThreshold?: number;
}

/** The tokens a window keeps when it restarts: ⌈context/2⌉. */
export function slideKeep(context: number): number {
  return Math.max(1, Math.ceil(context / 2));
}

export class Decoder {
  private readonly seq: number[] = [];
  /** Index in seq of the window's first token. */
  private start = 0;
  private cache: KvCache | null;
  private readonly step: number;
  /** Why the cache is off after being asked for, or null. */
  fallback: string | null = null;
  /** A model with early exits: the sum and number of the 1-based exit layers of the tokens predicted. */
  private exitSum = 0;
  private exitCount = 0;

  constructor(
    private readonly model: CompiledModel,
    private readonly params: Params,
    private readonly opts: DecoderOptions = {},
  ) {
    const why = model.meta.noDecode;
    if (why !== undefined)
      throw new RuntimeUserError(`${model.meta.name} cannot generate text: ${why}`);
    this.cache = opts.cache === false ? null : new KvCache();
    this.step = opts.step ?? 0;
  }

  /** Whether the KV cache is in use. */
  get caching(): boolean {
    return this.cache !== null;
  }

  /** The mean 1-based layer the exit rule stopped at per prediction; undefined without exits. */
  get meanExitLayer(): number | undefined {
    return this.model.meta.exits === undefined || this.exitCount === 0
      ? undefined
      : this.exitSum / this.exitCount;
  }

  /** Every token pushed so far. */
  get tokens(): readonly number[] {
    return this.seq;
  }

  /** Appends `tokens` (at least one) and returns the logits [vocab] of the token after them. */
  async push(tokens: readonly number[]): Promise<Float32Array> {
    const all = await this.pushAll(tokens, 1);
    return all[0]!;
  }

  /**
   * Tokens that can be pushed before the window restarts (at least 1: a push into a full window
   * restarts it). Speculative decoding verifies at most this many, so its windows are plain
   * decoding's.
   */
  get room(): number {
    return Math.max(1, this.start + this.model.meta.context - this.seq.length);
  }

  /**
   * Appends `tokens` and returns the logits [vocab] after each of the last `last` of them (all by
   * default), in order: position j's logits predict the token after tokens[j].
   */
  async pushAll(tokens: readonly number[], last = tokens.length): Promise<Float32Array[]> {
    if (tokens.length === 0) throw new Error("Decoder.push: no tokens");
    const context = this.model.meta.context;
    this.seq.push(...tokens);
    let restarted = false;
    if (this.seq.length - this.start > context) {
      const keep = Math.max(slideKeep(context), Math.min(tokens.length, context));
      this.start = this.seq.length - keep;
      restarted = true;
    }
    const window = this.seq.slice(this.start);
    if (this.cache !== null) {
      if (restarted) this.cache.reset();
      const fresh = restarted || this.cache.offset === 0 ? window : tokens;
      try {
        return await this.run(fresh, this.cache, last);
      } catch (err) {
        if (!(err instanceof CacheRefused)) throw err;
        this.refuse(err.reason);
      }
    }
    return this.run(window, NO_CACHE, last);
  }

  /**
   * Drops the last `n` tokens pushed (a speculative draft's rejected tokens). Within the window the
   * cache keeps its first positions; past its start the window restarts on the next push.
   */
  rollback(n: number): void {
    if (n <= 0) return;
    if (n > this.seq.length) throw new Error(`Decoder.rollback: ${n} of ${this.seq.length} tokens`);
    this.seq.length -= n;
    const kept = this.seq.length - this.start;
    if (kept > 0) {
      this.cache?.truncate(Math.min(kept, this.cache.offset));
      return;
    }
    // rolled back past the window's start: the next push prefills the last ⌈context/2⌉ tokens
    this.start = Math.max(0, this.seq.length - slideKeep(this.model.meta.context));
    this.cache?.reset();
  }

  /** Frees the cache. */
  dispose(): void {
    this.cache?.dispose();
  }

  private refuse(reason: string): void {
    this.cache?.dispose();
    this.cache = null;
    this.fallback = reason;
    this.opts.onFallback?.(reason);
  }

  /** One forward over `ids` [1, T] → the last `n` positions' logits (under the exit rule, if any). */
  private async run(
    ids: readonly number[],
    decode: DecodeContext,
    n: number,
  ): Promise<Float32Array[]> {
    const cache = decode instanceof KvCache ? decode : null;
    cache?.begin(ids.length);
    let last: tf.Tensor;
    let layer: tf.Tensor | undefined;
    const count = Math.min(n, ids.length);
    try {
      [last, layer] = tf.tidy((): [tf.Tensor, tf.Tensor | undefined] => {
        const x = tf.tensor2d(Int32Array.from(ids), [1, ids.length], "int32");
        const ctx: ForwardContext = {
          training: false,
          step: this.step,
          aux: NO_AUX,
          seed: 0,
          decode,
        };
        const c = exitForward(this.model, this.params, x, ctx, this.opts.exitThreshold);
        const at = ids.length - count;
        const logits = c.logits.slice([0, at, 0], [1, count, -1]).reshape([count, -1]); // [1, T, V] → [n, V]
        return [logits, c.layers?.slice([0, at], [1, count]).reshape([count])]; // [1, T] → [n]
      });
      cache?.end();
    } catch (err) {
      cache?.reset();
      throw err;
    }
    try {
      if (layer !== undefined) {
        for (const l of await layer.data()) this.exitSum += l;
        this.exitCount += count;
      }
      const flat = (await last.data()) as Float32Array;
      const V = flat.length / count;
      return Array.from({ length: count }, (_, j) => flat.slice(j * V, (j + 1) * V));
    } finally {
      last.dispose();
      layer?.dispose();
    }
  }
}
