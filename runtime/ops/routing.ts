// MoE routers (constructs.md §7): each returns a Routing over N tokens and E experts. Index work
// (top-k, argmax, capacity) runs inside `detached`, so no gradient is asked of TopK/ArgMax; the
// gates carry the router's gradient.
import * as tf from "../tf.ts";
import { expertChoiceK, MOE_DEFAULTS, switchCapacity, topKCapacity } from "../../spec/moe.ts";
import { check, fmtShape } from "../errors.ts";
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

/**
 * Capacity cut in rank-major order (GShard): every token's first choice takes its slot before any
 * token's second choice, and within a rank earlier tokens come first. ranked [N, k, E] (one-hot of
 * each token's r-th choice) → the kept assignments [N, E], at most `capacity` per expert.
 */
export function limitCapacity(ranked: tf.Tensor, capacity: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [N, k, E] = ranked.shape as [number, number, number];
    const byRank = tf.transpose(ranked, [1, 0, 2]).reshape([k * N, E]); // [k·N, E], rank-major rows
    const pos = tf.cumsum(byRank, 0); // 1-based position among the expert's assignments
    const kept = tf.mul(byRank, tf.step(tf.sub(capacity + 0.5, pos))); // [k·N, E]
    return tf.sum(kept.reshape([k, N, E]), 0) as tf.Tensor2D; // [N, E]
  });
}

/**
 * The one balance loss of every learned router (Switch, constructs.md §7.2, generalised to top-k):
 * α·E·Σᵢ fᵢ·Pᵢ, with fᵢ the share of the N·k assignments that choose expert i, counted BEFORE the
 * capacity cut, and Pᵢ the mean router probability. Uniform routing gives fᵢ = Pᵢ = 1/E, so α for every k.
 * chosen [N, E] 0/1 (k ones a row), probs [N, E] → scalar.
 */
export function balanceLoss(
  chosen: tf.Tensor,
  probs: tf.Tensor,
  k: number,
  alpha: number,
): tf.Scalar {
  return tf.tidy(() => {
    const E = chosen.shape[1]!;
    const f = tf.div(tf.mean(chosen, 0), k); // [E], sums to 1
    const P = tf.mean(probs, 0); // [E]
    return tf.mul(tf.sum(tf.mul(f, P)), alpha * E) as tf.Scalar;
  });
}

/**
 * Top-k gating (Shazeer): gates = softmax over the k largest logits, exactly 0 elsewhere.
 * With capacityFactor, each expert keeps at most ⌈cf·N·k/E⌉ assignments, cut rank-major
 * (limitCapacity; overflow gets gate 0). alpha > 0 adds the balance loss (balanceLoss).
 */
export function routeTopK(
  logits: tf.Tensor,
  k: number,
  capacityFactor?: number,
  alpha = 0,
): Routing {
  const [N, E] = dims(logits);
  const kk = Math.min(Math.max(1, k), E);
  const capacity = capacityFactor === undefined ? N : topKCapacity(N, E, k, capacityFactor);
  const t = tf.tidy(() => {
    // [N, k, E]: one-hot of each token's r-th choice
    const ranked = detached(logits, (l) => oneHotF(tf.topk(l, kk).indices, E));
    const top = tf.sum(ranked, 1) as tf.Tensor2D; // [N, E], k ones a row
    const mask = (
      capacity < N ? detached(ranked, (r) => limitCapacity(r, capacity)) : top
    ) as tf.Tensor2D;
    const gates = tf.mul(
      tf.softmax(tf.add(logits, tf.mul(tf.sub(1, top), NEG)), -1),
      mask,
    ) as tf.Tensor2D;
    return { gates, mask, top };
  });
  const aux =
    alpha > 0 ? tf.tidy(() => balanceLoss(t.top, tf.softmax(logits, -1), kk, alpha)) : null;
  if (t.top !== t.mask) t.top.dispose(); // without a cut, the mask is `top` itself
  return { gates: t.gates, mask: t.mask, capacity, aux };
}

/**
 * Switch routing (k = 1): p = softmax(logits), expert = argmax p, gate = p[expert]; capacity ⌈cf·N/E⌉,
 * overflow tokens get no expert (their MoE output is 0, so they pass through the residual unchanged).
 * alpha > 0 adds the balance loss (balanceLoss with k = 1: fᵢ the share of tokens whose argmax is i).
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
    const top = detached(logits, (l) => oneHotF(tf.argMax(l, 1), E)) as tf.Tensor2D; // [N, E]
    const mask = detached(top, (t) => limitCapacity(t.reshape([N, 1, E]), capacity)) as tf.Tensor2D;
    return { gates: tf.mul(p, mask) as tf.Tensor2D, mask, top, p };
  });
  const aux = alpha > 0 ? balanceLoss(t.top, t.p, 1, alpha) : null;
  tf.dispose([t.top, t.p]);
  return { gates: t.gates, mask: t.mask, capacity, aux };
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
