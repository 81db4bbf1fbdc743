// MoE routers (constructs.md §7): each returns a Routing over N tokens and E experts. Index work
// (top-k, argmax, capacity) runs inside `detached`, so no gradient is asked of TopK/ArgMax; the
// gates carry the router's gradient.
import * as tf from "@tensorflow/tfjs";
import { expertChoiceK, MOE_DEFAULTS, switchCapacity, topKCapacity } from "../../spec/moe.ts";
import { check, fmtShape } from "../errors.ts";
import { Rng } from "../init.ts";
import { detached } from "./grad.ts";
import { oneHotF } from "./onehot.ts";

export { expertChoiceK, switchCapacity, topKCapacity };

export interface Routing {
  /** [N, E] combine weight of each token for each expert; exactly 0 where not routed (differentiable). */
  readonly gates: tf.Tensor2D;
  /** [N, E] 0/1 dispatch mask (no gradient). */
  readonly mask: tf.Tensor2D;
  /** The most tokens any expert receives (moe-slots.ts counts the same slots from the gates). */
  readonly capacity: number;
  /** Auxiliary loss, already multiplied by its coefficient, or null. */
  readonly aux: tf.Scalar | null;
}

const NEG = -1e9;

function dims(logits: tf.Tensor): [number, number] {
  check(
    logits.rank === 2,
    () => `router: logits must be [tokens, experts], got ${fmtShape(logits.shape)}`,
  );
  return logits.shape as [number, number];
}

/** Keeps, per expert, the first `capacity` routed tokens in token order: mask [N, E] → [N, E]. */
export function limitCapacity(mask: tf.Tensor, capacity: number): tf.Tensor2D {
  return tf.tidy(() => {
    const pos = tf.cumsum(mask, 0); // [N, E], 1-based position among the expert's tokens
    return tf.mul(mask, tf.step(tf.sub(capacity + 0.5, pos))) as tf.Tensor2D;
  });
}

/**
 * Top-k gating (Shazeer): gates = softmax over the k largest logits, exactly 0 elsewhere.
 * With capacityFactor, each expert keeps at most ⌈cf·N·k/E⌉ tokens (overflow gets gate 0).
 */
export function routeTopK(logits: tf.Tensor, k: number, capacityFactor?: number): Routing {
  const [N, E] = dims(logits);
  const kk = Math.min(Math.max(1, k), E);
  const capacity = capacityFactor === undefined ? N : topKCapacity(N, E, k, capacityFactor);
  const t = tf.tidy(() => {
    const top =
      kk >= E
        ? tf.onesLike(logits)
        : detached(logits, (l) => tf.sum(oneHotF(tf.topk(l, kk).indices, E), 1)); // [N, E]
    const mask = (
      capacity < N ? detached(top, (t) => limitCapacity(t, capacity)) : top
    ) as tf.Tensor2D;
    const gates = tf.mul(
      tf.softmax(tf.add(logits, tf.mul(tf.sub(1, top), NEG)), -1),
      mask,
    ) as tf.Tensor2D;
    return { gates, mask };
  });
  return { ...t, capacity, aux: null };
}

/**
 * Switch routing (k = 1): p = softmax(logits), expert = argmax p, gate = p[expert]; capacity ⌈cf·N/E⌉,
 * overflow tokens get no expert (their MoE output is 0, so they pass through the residual unchanged).
 * aux = α·E·Σᵢ fᵢ·Pᵢ with fᵢ the fraction of tokens whose argmax is i and Pᵢ the mean probability.
 */
export function routeSwitch(
  logits: tf.Tensor,
  capacityFactor: number,
  alpha: number = MOE_DEFAULTS.balance,
): Routing {
  const [N, E] = dims(logits);
  const capacity = switchCapacity(N, E, capacityFactor);
  const t = tf.tidy(() => {
    const p = tf.softmax(logits, -1); // [N, E]
    const top = detached(logits, (l) => oneHotF(tf.argMax(l, 1), E)); // [N, E]
    const mask = detached(top, (t) => limitCapacity(t, capacity)) as tf.Tensor2D;
    const f = tf.mean(top, 0); // [E]
    const P = tf.mean(p, 0); // [E]
    const aux = tf.mul(tf.sum(tf.mul(f, P)), alpha * E) as tf.Scalar;
    return { gates: tf.mul(p, mask) as tf.Tensor2D, mask, aux };
  });
  return { ...t, capacity };
}

/**
 * Expert-choice routing: S = softmax(logits) [N, E]; each expert takes its top k tokens by S
 * (k = expertChoiceK(N, E, cf)); gate = S(token, expert) for chosen pairs. Every expert gets exactly k tokens.
 */
export function routeExpertChoice(logits: tf.Tensor, capacityFactor: number): Routing {
  const [N, E] = dims(logits);
  const k = expertChoiceK(N, E, capacityFactor);
  const t = tf.tidy(() => {
    const s = tf.softmax(logits, -1); // [N, E]
    const mask = detached(s, (t) => {
      const idx = tf.topk(tf.transpose(t), k).indices; // [E, k]
      return tf.transpose(tf.sum(oneHotF(idx, N), 1)); // [E, k, N] → [E, N] → [N, E]
    }) as tf.Tensor2D;
    return { gates: tf.mul(s, mask) as tf.Tensor2D, mask };
  });
  return { ...t, capacity: k, aux: null };
}

/** A fixed, balanced random hash: token id → expert (a seeded permutation dealt round-robin). */
export function hashTable(vocab: number, experts: number, seed: number): Int32Array {
  const perm = Array.from({ length: vocab }, (_, i) => i);
  const rng = new Rng(seed);
  for (let i = vocab - 1; i > 0; i--) {
    const j = Math.floor(rng.uniform() * (i + 1));
    [perm[i], perm[j]] = [perm[j]!, perm[i]!];
  }
  const table = new Int32Array(vocab);
  perm.forEach((tok, rank) => (table[tok] = rank % experts));
  return table;
}

/** Hash routing: tokens [...] int32 → each token's expert is table[id]; gate 1, no parameters, no gradient. */
export function routeHash(
  tokens: tf.Tensor,
  table: Int32Array | readonly number[],
  experts: number,
): Routing {
  const N = tokens.size;
  const t = tf.tidy(() => {
    const tbl = tf.tensor1d(Int32Array.from(table), "int32");
    const mask = oneHotF(tf.gather(tbl, tokens.reshape([N]).toInt()), experts) as tf.Tensor2D; // [N, E]
    return { gates: mask, mask };
  });
  return { ...t, capacity: N, aux: null };
}
