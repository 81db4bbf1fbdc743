// The additive causal mask [T, S] that attention adds to its scores, cached per backend and size,
// and its addition to the grouped cores' scores (attention.ts, attention-fused.ts).
import * as tf from "../tf.ts";
import { clearPositionalCache } from "./positional.ts";

const NEG = -1e9;
/** Most recently used masks, oldest first (sampling asks for every T from 1 to the context). */
const maskCache = new Map<string, tf.Tensor2D>();
const MASK_CACHE_SIZE = 8;

/**
 * The additive causal mask [T, S]: 0 where key s ≤ query t + (S − T), −1e9 above. Cached per
 * backend and size (the last 8 sizes; the cache owns them: do not dispose).
 */
export function causalMask(T: number, S: number = T): tf.Tensor2D {
  const key = `${tf.getBackend()}:${T}:${S}`;
  const hit = maskCache.get(key);
  maskCache.delete(key);
  if (hit !== undefined && !hit.isDisposed) {
    maskCache.set(key, hit);
    return hit;
  }
  const m = new Float32Array(T * S);
  const off = S - T;
  for (let t = 0; t < T; t++) for (let s = t + off + 1; s < S; s++) m[t * S + s] = NEG;
  const mask = tf.keep(tf.tensor2d(m, [T, S]));
  maskCache.set(key, mask);
  for (const [k, old] of maskCache) {
    if (maskCache.size <= MASK_CACHE_SIZE) break;
    maskCache.delete(k);
    if (!old.isDisposed) old.dispose();
  }
  return mask;
}

/**
 * Grouped scores [B·G, r·T, S] plus the causal mask on each of their `blocks` = B·G·r blocks of T
 * queries; unchanged for one query (T = 1: the newest position sees every key).
 */
export function causalScores(scores: tf.Tensor, blocks: number, T: number, S: number): tf.Tensor {
  if (T <= 1) return scores;
  // [B·G, r·T, S] → [B·G·r, T, S] + mask [T, S] → back
  return tf.add(scores.reshape([blocks, T, S]), causalMask(T, S)).reshape(scores.shape);
}

/** Disposes cached masks and position tables (after changing backend in long-lived processes, or in tests). */
export function clearAttentionCache(): void {
  clearPositionalCache();
  for (const m of maskCache.values()) if (!m.isDisposed) m.dispose();
  maskCache.clear();
}
