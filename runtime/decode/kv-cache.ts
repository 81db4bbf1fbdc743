// The KV cache of autoregressive decoding: one key and one value tensor per attention site, keyed by
// the order in which the forward calls attention (the same in every forward of one model; checked).
// Each forward appends its new positions; the cache owns its tensors until reset() or dispose().
import * as tf from "../tf.ts";
import { check, fmtShape } from "../errors.ts";
import type { DecodeContext } from "../model.ts";

/** Thrown when a construct cannot use the cache; the decoder falls back to full-window recompute. */
export class CacheRefused extends Error {
  constructor(readonly reason: string) {
    super(`the KV cache cannot be used: ${reason}`);
    this.name = "CacheRefused";
  }
}

interface Site {
  keys: tf.Tensor; // [B, S, G·dh]
  values: tf.Tensor; // [B, S, G·dh]
}

/** Gives the site new keys and values (kept past the caller's tidy), disposing the old ones. */
function replace(site: Site, keys: tf.Tensor, values: tf.Tensor): void {
  site.keys.dispose();
  site.values.dispose();
  site.keys = tf.keep(keys);
  site.values = tf.keep(values);
}

/** Full-window recompute: no cache, offset 0 (sampling with --no-cache, and the refused fallback). */
export const NO_CACHE: DecodeContext = {
  offset: 0,
  caching: false,
  keysValues: (k, v) => [k, v],
  requireWindow: () => undefined,
};

/** A KV cache for one sequence; one `begin`/`end` pair around each forward. */
export class KvCache implements DecodeContext {
  readonly caching = true;
  private sites: Site[] = [];
  private next = 0;
  private length = 0;
  private pending = 0;

  /** Positions held (the offset of the next forward). */
  get offset(): number {
    return this.length;
  }

  /** Starts a forward over `tokens` new positions. */
  begin(tokens: number): void {
    this.next = 0;
    this.pending = tokens;
  }

  /** Ends a forward: every site was extended once. */
  end(): void {
    check(
      this.next === this.sites.length,
      () =>
        `KV cache: the forward called attention ${this.next} times, the cache has ${this.sites.length} sites`,
    );
    this.length += this.pending;
    this.pending = 0;
  }

  keysValues(k: tf.Tensor, v: tf.Tensor, causal: boolean): readonly [tf.Tensor, tf.Tensor] {
    if (!causal)
      throw new CacheRefused(
        "non-causal attention (causal: false) lets every position see later ones",
      );
    check(
      k.shape[1] === this.pending && v.shape[1] === this.pending,
      () =>
        `KV cache: attention site ${this.next} got k ${fmtShape(k.shape)}, v ${fmtShape(v.shape)} for ${this.pending} new positions`,
    );
    const i = this.next++;
    const site = this.sites[i];
    if (site === undefined) {
      check(
        i === this.sites.length && this.length === 0,
        () => `KV cache: a new attention site ${i} after the first forward`,
      );
      const fresh = { keys: tf.keep(k.clone()), values: tf.keep(v.clone()) };
      this.sites.push(fresh);
      return [fresh.keys, fresh.values];
    }
    check(
      site.keys.shape[0] === k.shape[0] &&
        site.keys.shape[2] === k.shape[2] &&
        site.values.shape[2] === v.shape[2],
      () =>
        `KV cache: attention site ${i} holds ${fmtShape(site.keys.shape)}, got k ${fmtShape(k.shape)} (the forward must call attention in the same order each time)`,
    );
    // [B, S, G·dh] ‖ [B, T, G·dh] → [B, S + T, G·dh]
    replace(site, tf.concat([site.keys, k], 1), tf.concat([site.values, v], 1));
    return [site.keys, site.values];
  }

  requireWindow(what: string): void {
    throw new CacheRefused(what);
  }

  /** Keeps the first `length` positions (speculative decoding drops the rejected draft tokens). */
  truncate(length: number): void {
    check(
      length >= 0 && length <= this.length && this.pending === 0,
      () => `KV cache: cannot truncate ${this.length} positions to ${length}`,
    );
    if (length === this.length) return;
    if (length === 0) return this.reset();
    for (const s of this.sites) {
      // [B, S, G·dh] → [B, length, G·dh]
      replace(
        s,
        s.keys.slice([0, 0, 0], [-1, length, -1]),
        s.values.slice([0, 0, 0], [-1, length, -1]),
      );
    }
    this.length = length;
  }

  /** Empties the cache (a new window). */
  reset(): void {
    for (const s of this.sites) {
      s.keys.dispose();
      s.values.dispose();
    }
    this.sites = [];
    this.length = 0;
    this.next = 0;
    this.pending = 0;
  }

  dispose(): void {
    this.reset();
  }
}
