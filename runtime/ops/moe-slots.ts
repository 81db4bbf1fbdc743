// MoE capacity dispatch over the IR's per-expert form (compiler pass dispatchMoe): each expert's
// routed tokens are gathered into [1, slots, d] by a one-hot slot matmul (static slot counts, no
// tf.gather gradient needed, so it trains on every backend), and the combine scatters the expert
// outputs back, weighted by the gates. Tokens routed nowhere (over capacity) get 0, as in the dense
// moeCombine. A token is routed to expert e exactly when gates[n, e] ≠ 0 (moeGates' contract).
import * as tf from "../tf.ts";
import { check, fmtShape } from "../errors.ts";
import { detached, sumLeading, withGradN } from "./grad.ts";
import { oneHotF } from "./onehot.ts";
import { slotsPerExpert, type SlotRule } from "../../spec/moe.ts";

/** The layer's router, experts, top-k and capacity factor (what fixes its slot count). */
export type SlotOptions = SlotRule;

/** Hash routing has no capacity: its slot count is the largest expert's token count, per gates tensor. */
const hashSlots = new WeakMap<tf.Tensor, number>();

/** The capacity factor of routing without a capacity limit (decoding): every routed token is kept. */
export const DROPLESS = Infinity;
/** Gates routed without a capacity limit (moeGates while decoding). */
const droplessGates = new WeakSet<tf.Tensor>();

/** Marks gates routed without a capacity limit, so that their dispatch has a slot for every token. */
export function markDropless(gates: tf.Tensor): void {
  droplessGates.add(gates);
}

/**
 * Slots per expert for N tokens: the most tokens the router can send to one expert (spec/moe.ts
 * slotsPerExpert); for hash routing the largest expert's token count in these gates.
 */
export function slotCount(gates: tf.Tensor, o: SlotOptions): number {
  const E = o.experts;
  if (droplessGates.has(gates)) return slotsPerExpert({ ...o, capacity: DROPLESS }, gates.size / E);
  if (o.router !== "hash") return slotsPerExpert(o, gates.size / E);
  const known = hashSlots.get(gates);
  if (known !== undefined) return known;
  const counts = tf.tidy(() => tf.max(tf.sum(tf.notEqual(gates.reshape([-1, E]), 0).toFloat(), 0)));
  const slots = Math.max(1, Math.round(counts.dataSync()[0]!));
  counts.dispose();
  hashSlots.set(gates, slots);
  return slots;
}

/** [N, E] routed mask → one-hot slot of each (token, expert) [N, E·C] (0 rows where not routed or over C). */
function slotMatrix(mask: tf.Tensor, slots: number): tf.Tensor2D {
  return tf.tidy(() => {
    const [N, E] = mask.shape as [number, number];
    const m = tf.notEqual(mask, 0).toFloat();
    const pos = tf.sub(tf.mul(tf.cumsum(m, 0), m), 1); // [N, E]: slot index, −1 where not routed
    return oneHotF(pos.toInt(), slots).reshape([N, E * slots]) as tf.Tensor2D; // [N, E, C] → [N, E·C]
  });
}

/** s [N, C] (no gradient) ᵀ · x [N, d] → [C, d]; gradient to x only: s · dy. */
function gatherRows(s: tf.Tensor2D, x: tf.Tensor2D): tf.Tensor2D {
  return withGradN([s, x], ([a, b], save) => {
    save([a!]);
    return {
      value: tf.matMul(tf.transpose(a as tf.Tensor2D), b as tf.Tensor2D), // [C, N] · [N, d]
      gradFunc: (dy, [sa]) => [tf.zerosLike(sa!), tf.matMul(sa as tf.Tensor2D, dy as tf.Tensor2D)],
    };
  }) as tf.Tensor2D;
}

/** s [N, C] (no gradient) · z [C, d] → [N, d]; gradient to z only: sᵀ · dy. */
function scatterRows(s: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D {
  return withGradN([s, z], ([a, b], save) => {
    save([a!]);
    return {
      value: tf.matMul(a as tf.Tensor2D, b as tf.Tensor2D),
      gradFunc: (dy, [sa]) => [
        tf.zerosLike(sa!),
        tf.matMul(tf.transpose(sa as tf.Tensor2D), dy as tf.Tensor2D), // [C, N] · [N, d]
      ],
    };
  }) as tf.Tensor2D;
}

/** Expert `expert`'s routed tokens: x [..., d], gates [..., E] → [1, slots, d] (zero rows unused). */
export function moeDispatchExpert<T extends tf.Tensor>(
  x: T,
  gates: tf.Tensor,
  expert: number,
  o: SlotOptions,
): T {
  const d = x.shape[x.rank - 1]!;
  const E = o.experts;
  check(
    gates.shape[gates.rank - 1] === E && expert >= 0 && expert < E,
    () => `moeDispatchExpert: gates ${fmtShape(gates.shape)} for expert ${expert} of ${E}`,
  );
  const slots = slotCount(gates, o);
  return tf.tidy(() => {
    const g2 = gates.reshape([-1, E]) as tf.Tensor2D;
    const col = tf.slice(g2, [0, expert], [-1, 1]); // [N, 1]
    const s = detached(col, (c) => slotMatrix(c, slots)) as tf.Tensor2D; // [N, C]
    return gatherRows(s, x.reshape([-1, d]) as tf.Tensor2D).reshape([1, slots, d]) as T;
  });
}

/**
 * Σₑ gates[n, e] · outₑ[slot of n in e]: gates [..., E], outs E × [1, slots, d] → [..., d].
 * The gates are gathered per slot (their gradient flows there); one scatter matmul returns rows.
 */
export function moeCombineSlots<T extends tf.Tensor>(
  gates: tf.Tensor,
  outs: readonly T[],
  o: SlotOptions,
): T {
  const E = o.experts;
  check(
    outs.length === E && gates.shape[gates.rank - 1] === E,
    () => `moeCombineSlots: gates ${fmtShape(gates.shape)} for ${outs.length} experts`,
  );
  const first = outs[0]!;
  const d = first.shape[first.rank - 1]!;
  const slots = slotCount(gates, o);
  return tf.tidy(() => {
    const g2 = gates.reshape([-1, E]) as tf.Tensor2D;
    const N = g2.shape[0];
    const s = detached(g2, (g) => slotMatrix(g, slots)) as tf.Tensor2D; // [N, E·C]
    // gate of each slot: Σ_n s[n, (e, c)] · gates[n, e] → [E·C, 1]
    const perSlot = tf.mul(g2.reshape([N, E, 1]), s.reshape([N, E, slots])).reshape([N, E * slots]);
    const gs = sumLeading(perSlot).reshape([E * slots, 1]);
    const z = tf.mul(
      tf.concat(
        outs.map((e) => e.reshape([slots, d])),
        0,
      ),
      gs,
    ) as tf.Tensor2D; // [E·C, d]
    return scatterRows(s, z).reshape([...gates.shape.slice(0, -1), d]) as T;
  });
}
