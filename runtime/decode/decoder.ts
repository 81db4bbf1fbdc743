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
        return await this.run(fresh, this.cache);
      } catch (err) {
        if (!(err instanceof CacheRefused)) throw err;
        this.refuse(err.reason);
      }
    }
    return this.run(window, NO_CACHE);
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

  /** One forward over `ids` [1, T] → the last position's logits (under the exit rule, if any). */
  private async run(ids: readonly number[], decode: DecodeContext): Promise<Float32Array> {
    const cache = decode instanceof KvCache ? decode : null;
    cache?.begin(ids.length);
    let last: tf.Tensor;
    let layer: tf.Tensor | undefined;
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
        const at = ids.length - 1;
        const logits = c.logits.slice([0, at, 0], [1, 1, -1]).reshape([-1]); // [1, T, V] → [V]
        return [logits, c.layers?.slice([0, at], [1, 1]).reshape([])]; // [1, T] → []
      });
      cache?.end();
    } catch (err) {
      cache?.reset();
      throw err;
    }
    try {
      if (layer !== undefined) {
        this.exitSum += (await layer.data())[0]!;
        this.exitCount += 1;
      }
      return (await last.data()) as Float32Array;
    } finally {
      last.dispose();
      layer?.dispose();
    }
  }
}
