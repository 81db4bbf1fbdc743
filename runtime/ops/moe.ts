// The runtime's one MoE path, as generated programs call it (compiler emitters moeRoute and
// moeCombine): moeGates routes x to gates [..., E] (exactly 0 for experts a token does not use) and
// reports the balance loss and expert load; moeCombine mixes every expert's output by the gates
// (the dense strategy). The dispatch strategy's slot gather and scatter are moe-slots.ts.
import * as tf from "../tf.ts";
import type { RouterKind } from "../../spec/moe.ts";
import { check, fmtShape } from "../errors.ts";
import type { ForwardContext } from "../model.ts";
import { linear } from "./linear.ts";
import { hashTable } from "./hash-tables.ts";
import { DROPLESS, markDropless } from "./moe-slots.ts";
import { routeExpertChoice, routeHash, routeSwitch, routeTopK, type Routing } from "./routing.ts";

export interface GateOptions {
  readonly router: RouterKind;
  readonly experts: number;
  readonly topK: number;
  /** The capacity factor of the layer. */
  readonly capacity: number;
  /** Balance-loss coefficient; 0 adds none. */
  readonly balance: number;
  /** Names the balance loss and load statistic in ctx.aux (`blocks.1.moe`). */
  readonly name: string;
  /** Hash routing: token ids [B, T], the vocabulary and the table's seed. */
  readonly tokens?: tf.Tensor;
  readonly vocab?: number;
  readonly hashSeed?: number;
}

/** Id-balanced tables of hash layers run outside a training run (no ctx.hashTables), by vocab:E:seed. */
const idTables = new Map<string, Int32Array>();

/**
 * Router gates x [..., d] → [..., E], exactly 0 for experts a token does not use; while training,
 * reports `<name>.balance` (when balance > 0) and `<name>.load` to ctx.aux. Not wrapped in tf.tidy:
 * the aux tensors belong to the caller's scope. While decoding (ctx.decode) every token reaches its
 * experts (no capacity limit, so that a token's output does not depend on the tokens beside it),
 * and expert-choice routing refuses the KV cache (an expert picks among all the window's tokens).
 */
export function moeGates<T extends tf.Tensor>(
  x: T,
  kernel: tf.Tensor | null,
  layer: GateOptions,
  ctx: ForwardContext,
): T {
  if (ctx.decode !== undefined && layer.router === "expert_choice")
    ctx.decode.requireWindow(
      `expert-choice routing (${layer.name}) lets each expert choose among all the window's tokens`,
    );
  const dropless = ctx.decode !== undefined && layer.router !== "expert_choice";
  const o = dropless ? { ...layer, capacity: DROPLESS } : layer;
  const E = o.experts;
  const d = x.shape[x.rank - 1]!;
  let routing: Routing;
  if (o.router === "hash") {
    check(
      o.tokens !== undefined && o.vocab !== undefined,
      () => "moeGates: hash routing needs the token ids and the vocabulary",
    );
    const seed = o.hashSeed ?? 0;
    const key = `${o.vocab}:${E}:${seed}`;
    // a run's tables (built from its training data, recorded in its checkpoints), else id-balanced
    const table =
      ctx.hashTables?.table(o.name, o.vocab, E, seed) ??
      idTables.get(key) ??
      hashTable(o.vocab, E, seed);
    if (ctx.hashTables === undefined) idTables.set(key, table);
    routing = routeHash(o.tokens, table, E);
  } else {
    check(kernel !== null, () => `moeGates: ${o.router} routing needs a router kernel`);
    const logits = linear(x.reshape([-1, d]) as tf.Tensor2D, kernel); // [N, E]
    const alpha = ctx.training ? o.balance : 0; // the balance loss only while training
    if (o.router === "switch") routing = routeSwitch(logits, o.capacity, alpha);
    else if (o.router === "expert_choice") routing = routeExpertChoice(logits, o.capacity);
    else routing = routeTopK(logits, o.topK, o.capacity, alpha);
  }
  if (ctx.training) {
    if (routing.aux !== null) ctx.aux.addLoss(`${o.name}.balance`, routing.aux);
    ctx.aux.addStat(`${o.name}.load`, tf.mean(routing.mask, 0)); // [E] fraction of tokens per expert
  }
  const gates = routing.gates.reshape([...x.shape.slice(0, -1), E]) as T; // [..., E]
  if (dropless) markDropless(gates);
  return gates;
}

/** Σᵢ gates[..., i] · experts[i]: gates [..., E], each expert output [..., d] → [..., d]. */
export function moeCombine<T extends tf.Tensor>(gates: tf.Tensor, experts: readonly T[]): T {
  check(
    experts.length > 0 && gates.shape[gates.rank - 1] === experts.length,
    () => `moeCombine: gates ${fmtShape(gates.shape)} for ${experts.length} experts`,
  );
  return tf.tidy(() => {
    const cols = tf.split(gates, experts.length, -1); // E × [..., 1]
    let y: tf.Tensor = tf.mul(experts[0]!, cols[0]!);
    for (let i = 1; i < experts.length; i++) y = tf.add(y, tf.mul(experts[i]!, cols[i]!));
    return y as T;
  });
}
