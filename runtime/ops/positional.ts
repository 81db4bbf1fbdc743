// Relative positions inside attention: rotary embeddings (RoPE, Su et al. 2021, "RoFormer") on q and
// k per head, ALiBi's linear score biases (Press et al. 2022, "Train Short, Test Long"), and the
// additive score bias [H or 1, T, S + N] that combines the causal mask, ALiBi and N persistent
// memory slots (never masked, no position). Tables are computed on the CPU and cached per size.
import * as tf from "../tf.ts";

const NEG = -1e9;
const CACHE_SIZE = 8;
/** Most recently used tables, oldest first; the cache owns them (do not dispose). */
const tables = new Map<string, tf.Tensor>();

function cached<T extends tf.Tensor>(key: string, make: () => T): T {
  const k = `${tf.getBackend()}:${key}`;
  const hit = tables.get(k);
  tables.delete(k);
  if (hit !== undefined && !hit.isDisposed) {
    tables.set(k, hit);
    return hit as T;
  }
  const t = tf.keep(make());
  tables.set(k, t);
  for (const [old, v] of tables) {
    if (tables.size <= CACHE_SIZE) break;
    tables.delete(old);
    if (!v.isDisposed) v.dispose();
  }
  return t;
}

/** Disposes the cached tables (tests, or after changing backend). */
export function clearPositionalCache(): void {
  for (const t of tables.values()) if (!t.isDisposed) t.dispose();
  tables.clear();
}

/**
 * RoPE: x [B, T, n·dh] (n heads of size dh, dh even) → same, each head's feature pair
 * (x_2i, x_2i+1) at position p = offset + t rotated by the angle p·θ_i, θ_i = base^(−2i/dh):
 *   y_2i = x_2i cos − x_2i+1 sin,   y_2i+1 = x_2i sin + x_2i+1 cos.
 */
export function rope(x: tf.Tensor, n: number, base: number, offset = 0): tf.Tensor {
  const [B, T, W] = x.shape as [number, number, number];
  const dh = W / n;
  const half = dh / 2;
  const [cos, sin] = [0, 1].map((which) =>
    cached(`rope:${which}:${T}:${n}:${dh}:${base}:${offset}`, () => {
      // [T, n·dh/2, 2]: cos as (cos, cos); sin signed as (−sin, sin), to multiply the swapped pair
      const m = new Float32Array(T * W);
      for (let t = 0; t < T; t++)
        for (let h = 0; h < n; h++)
          for (let i = 0; i < half; i++) {
            const a = (offset + t) * Math.pow(base, (-2 * i) / dh);
            const at = t * W + h * dh + 2 * i;
            m[at] = which === 0 ? Math.cos(a) : -Math.sin(a);
            m[at + 1] = which === 0 ? Math.cos(a) : Math.sin(a);
          }
      return tf.tensor3d(m, [T, W / 2, 2]);
    }),
  );
  return tf.tidy(() => {
    // [B, T, n·dh] → [B, T, n·dh/2, 2] (pairs); swapped pairs (x_2i+1, x_2i)
    const pairs = x.reshape([B, T, W / 2, 2]);
    const swapped = tf.reverse(pairs, 3);
    return tf.add(tf.mul(pairs, cos!), tf.mul(swapped, sin!)).reshape([B, T, W]);
  });
}

/**
 * ALiBi's head slopes for any head count (the ALiBi paper's recipe): for n a power of two,
 * m_h = 2^(−8h/n), h = 1…n; otherwise those of the largest power of two n₀ < n, followed by every
 * other slope of 2n₀ (2^(−4h/n₀) for odd h) until there are n.
 */
export function alibiSlopes(n: number): number[] {
  const pow2 = (k: number): number[] =>
    Array.from({ length: k }, (_, h) => 2 ** ((-8 * (h + 1)) / k));
  const n0 = 2 ** Math.floor(Math.log2(n));
  if (n0 === n) return pow2(n);
  const extra = pow2(2 * n0).filter((_, i) => i % 2 === 0);
  return [...pow2(n0), ...extra.slice(0, n - n0)];
}

/**
 * The slopes of an ALiBi attention of `heads` heads that grew from the head counts `from`
 * (ascending, before each heads growth; empty for a model built at this size): the first from[0]
 * heads keep alibiSlopes(from[0]), and each growth to n heads appends, in order, the slopes of a
 * fresh n-head model not yet used, so old heads keep theirs (growth preserves the function) and the
 * heads hold the same set of slopes as a fresh model of the new size (those sets are nested).
 */
export function grownAlibiSlopes(heads: number, from: readonly number[] = []): number[] {
  const counts = [...from, heads];
  let slopes = alibiSlopes(counts[0]!);
  for (const n of counts.slice(1)) {
    const fresh = alibiSlopes(n);
    const unused = fresh.filter((m) => !slopes.some((s) => Math.abs(s - m) <= 1e-12 * m));
    // the recipe's sets are nested, so `unused` has n − slopes.length entries; the fallback of
    // fresh slopes in order only guards the arithmetic
    slopes = [...slopes, ...[...unused, ...fresh].slice(0, n - slopes.length)];
  }
  return slopes;
}

/**
 * The additive score bias [H, T, S + N] (ALiBi) or [1, T, S + N]: query t sits at position
 * i = S − T + t, key s at s. Causal: −1e9 for s > i; ALiBi: −m_h·(i − s) (−m_h·|i − s| when not
 * causal), slopes m_h = grownAlibiSlopes(heads, alibiFrom); the N memory columns after the S keys are 0.
 */
export function attentionBias(
  heads: number,
  T: number,
  S: number,
  N: number,
  causal: boolean,
  alibi: boolean,
  alibiFrom: readonly number[] = [],
): tf.Tensor3D {
  const slopes = alibi ? grownAlibiSlopes(heads, alibiFrom) : [0];
  const H = slopes.length;
  const W = S + N;
  return cached(`bias:${H}:${T}:${S}:${N}:${causal}:${alibi}:${alibiFrom.join(",")}`, () => {
    const m = new Float32Array(H * T * W);
    for (let h = 0; h < H; h++)
      for (let t = 0; t < T; t++) {
        const i = S - T + t;
        for (let s = 0; s < S; s++)
          m[(h * T + t) * W + s] = causal && s > i ? NEG : -slopes[h]! * Math.abs(i - s);
      }
    return tf.tensor3d(m, [H, T, W]);
  });
}
