// MoE combinators over a Routing: moeDense runs every expert on every token and mixes by gates;
// moeDispatch gives each expert only its routed tokens through one-hot slot matmuls (static shapes,
// trains on every backend); moe() is the one call the compiler emits for a `moe { … }` block.
import * as tf from "@tensorflow/tfjs";
import type { AuxSink } from "../model.ts";
import { linear } from "./linear.ts";
import { oneHotF } from "./onehot.ts";
import { detached } from "./grad.ts";
import { routeExpertChoice, routeHash, routeSwitch, routeTopK, type Routing } from "./routing.ts";

/** One expert: [n, d] → [n, dOut]. */
export type Expert = (x: tf.Tensor2D) => tf.Tensor2D;

/** y = Σₑ gates[:, e]·Eₑ(x), every expert on every token. x [N, d] → [N, dOut]. */
export function moeDense(
  x: tf.Tensor2D,
  routing: Routing,
  experts: readonly Expert[],
): tf.Tensor2D {
  return tf.tidy(() => {
    const cols = tf.split(routing.gates, experts.length, 1); // E × [N, 1]
    let y: tf.Tensor | null = null;
    experts.forEach((e, i) => {
      const term = tf.mul(e(x), cols[i]!);
      y = y === null ? term : tf.add(y, term);
    });
    return y! as tf.Tensor2D;
  });
}

/**
 * Capacity dispatch: each expert processes routing.capacity slots; slot (e, c) holds the c-th token
 * routed to e. x [N, d] → [N, dOut]; tokens routed nowhere get 0.
 */
export function moeDispatch(
  x: tf.Tensor2D,
  routing: Routing,
  experts: readonly Expert[],
): tf.Tensor2D {
  const E = experts.length;
  const C = routing.capacity;
  const d = x.shape[1];
  return tf.tidy(() => {
    const slots = detached(routing.mask, (m) => {
      const pos = tf.sub(tf.mul(tf.cumsum(m, 0), m), 1); // [N, E]: slot index, −1 where not routed
      return oneHotF(pos.toInt(), C).reshape([-1, E * C]); // [N, E, C] → [N, E·C]
    }) as tf.Tensor2D;
    const inputs = tf.matMul(slots, x, true, false).reshape([E, C, d]); // [E·C, d] → [E, C, d]
    const per = tf.unstack(inputs); // E × [C, d]
    const outs = tf.concat(
      experts.map((e, i) => e(per[i] as tf.Tensor2D)),
      0,
    ); // [E·C, dOut]
    // combine weights [N, E, 1] · [N, E, C] → [N, E·C]
    const combine = tf
      .mul(routing.gates.reshape([-1, E, 1]), slots.reshape([-1, E, C]))
      .reshape([-1, E * C]);
    return tf.matMul(combine as tf.Tensor2D, outs as tf.Tensor2D); // [N, dOut]
  });
}

export type RouterKind = "softmax" | "switch" | "expert_choice" | "hash";

export interface MoeOptions {
  readonly router: RouterKind;
  /** Experts per token for `softmax` (default 2). */
  readonly k?: number;
  /** Capacity factor for `switch` and `expert_choice` (default 1.25), optional for `softmax`. */
  readonly capacityFactor?: number;
  /** Switch balance-loss coefficient α (default 0.01). */
  readonly balance?: number;
  /** Token ids [B, T] (hash routing). */
  readonly tokens?: tf.Tensor;
  /** Token id → expert (hash routing), from hashTable(). */
  readonly hashTable?: Int32Array;
  /** Experts applied to every token and added unweighted (shared experts). */
  readonly shared?: readonly Expert[];
  /** Run every expert on every token instead of dispatching (same result). */
  readonly dense?: boolean;
  /** Where the balance loss and expert load go, while training. */
  readonly ctx?: { readonly training: boolean; readonly aux: AuxSink };
  /** Name prefix for the auxiliary loss and statistics (`blocks.0.moe`). */
  readonly name?: string;
}

/**
 * Routes x [..., d] with routerKernel [d, E] (unused for hash) and mixes the experts → [..., dOut].
 * Not wrapped in tf.tidy: the balance loss and load statistic handed to ctx.aux belong to the
 * caller's scope (the forward pass runs inside the training step's tidy).
 */
export function moe(
  x: tf.Tensor,
  routerKernel: tf.Tensor | null,
  experts: readonly Expert[],
  opts: MoeOptions,
): tf.Tensor {
  const E = experts.length;
  const d = x.shape[x.rank - 1]!;
  {
    const x2 = x.reshape([-1, d]) as tf.Tensor2D; // [N, d]
    const cf = opts.capacityFactor ?? 1.25;
    let routing: Routing;
    if (opts.router === "hash") {
      if (opts.tokens === undefined || opts.hashTable === undefined)
        throw new Error("moe: hash routing needs tokens and hashTable");
      routing = routeHash(opts.tokens, opts.hashTable, E);
    } else {
      if (routerKernel === null)
        throw new Error(`moe: ${opts.router} routing needs a router kernel`);
      const logits = linear(x2, routerKernel); // [N, E]
      if (opts.router === "switch") routing = routeSwitch(logits, cf, opts.balance ?? 0.01);
      else if (opts.router === "expert_choice") routing = routeExpertChoice(logits, cf);
      else routing = routeTopK(logits, opts.k ?? 2, opts.capacityFactor);
    }
    let y: tf.Tensor =
      opts.dense === true ? moeDense(x2, routing, experts) : moeDispatch(x2, routing, experts);
    for (const s of opts.shared ?? []) y = tf.add(y, s(x2));
    const ctx = opts.ctx;
    if (ctx?.training === true) {
      const name = opts.name ?? "moe";
      if (routing.aux !== null) ctx.aux.addLoss(`${name}.balance`, routing.aux);
      ctx.aux.addStat(`${name}.load`, tf.mean(routing.mask, 0)); // [E] fraction of tokens per expert
    }
    return y.reshape([...x.shape.slice(0, -1), y.shape[1]!]); // [..., dOut]
  }
}
