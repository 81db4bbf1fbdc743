// Helpers that only compiler-generated programs call: parameter lookup by name, the tied LM head,
// MoE gates and mixing over the IR's dense form, MSG growth masks, and "am I the main module".
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "@tensorflow/tfjs";
import { RuntimeUserError, check, fmtShape } from "../errors.ts";
import type { ForwardContext, Params } from "../model.ts";
import { linear, matMul2d } from "./linear.ts";
import { growthMask } from "./norms.ts";
import { rampValue } from "./grow.ts";
import {
  hashTable,
  routeExpertChoice,
  routeHash,
  routeSwitch,
  routeTopK,
  type Routing,
} from "./routing.ts";

// The training entry, re-exported so that generated programs reach it through the runtime index.
export { runMain } from "../run/main.ts";
export type { TrainConfig } from "../train/config.ts";

/** The parameter of this full name; a clear error when the map lacks it. */
export function param(p: Params, name: string): tf.Variable {
  const v = p.get(name);
  if (v === undefined)
    throw new RuntimeUserError(
      `the model has no parameter '${name}' (were the parameters created from this model's params list?)`,
    );
  return v;
}

/** Parameter lookup under an instance prefix: `scope(p, "blocks.3")("attn.q.kernel")`; no prefix: full names. */
export function scope(p: Params, prefix = ""): (name: string) => tf.Variable {
  return prefix === "" ? (name) => param(p, name) : (name) => param(p, `${prefix}.${name}`);
}

/** a + b, typed as a (the IR adds equal shapes; tfjs broadcasts, e.g. [T, d] positions over [B, T, d]). */
export function add<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return tf.add(a, b);
}

/** a − b, typed as a. */
export function sub<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return tf.sub(a, b);
}

/** a ⊙ b, typed as a. */
export function mul<T extends tf.Tensor>(a: T, b: tf.Tensor): T {
  return tf.mul(a, b);
}

/** `h` unchanged, after handing it to ctx.trace (the generated forward wraps top-level blocks in it). */
export function traced<T extends tf.Tensor>(ctx: ForwardContext, block: string, h: T): T {
  ctx.trace?.(block, h);
  return h;
}

/** Tied LM head: h [..., d] · tableᵀ with table [vocab, d] → [..., vocab]. */
export function tiedHead<T extends tf.Tensor>(h: T, table: tf.Tensor): T {
  const d = h.shape[h.rank - 1]!;
  check(
    table.rank === 2 && table.shape[1] === d,
    () => `tiedHead: input ${fmtShape(h.shape)} does not match table ${fmtShape(table.shape)}`,
  );
  return tf.tidy(() => {
    // h [N, d] · tableᵀ [d, vocab] through matMul2d's explicit transposes: on wasm the transposeB
    // product and its transposeA gradient took 56 ms fwd+bwd for [1024,128]·[256,128]ᵀ, this 9 ms
    const logits = matMul2d(h.reshape([-1, d]) as tf.Tensor2D, tf.transpose(table) as tf.Tensor2D); // [N, vocab]
    return logits.reshape([...h.shape.slice(0, -1), table.shape[0]!]) as T; // [..., vocab]
  });
}

export interface GateOptions {
  readonly router: "softmax" | "switch" | "expert_choice" | "hash";
  readonly experts: number;
  readonly topK: number;
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

const hashTables = new Map<string, Int32Array>();

/**
 * Router gates x [..., d] → [..., E], exactly 0 for experts a token does not use; while training,
 * reports `<name>.balance` (when balance > 0) and `<name>.load` to ctx.aux. Not wrapped in tf.tidy:
 * the aux tensors belong to the caller's scope.
 */
export function moeGates<T extends tf.Tensor>(
  x: T,
  kernel: tf.Tensor | null,
  o: GateOptions,
  ctx: ForwardContext,
): T {
  const E = o.experts;
  const d = x.shape[x.rank - 1]!;
  let routing: Routing;
  let logits: tf.Tensor2D | null = null;
  if (o.router === "hash") {
    check(
      o.tokens !== undefined && o.vocab !== undefined,
      () => "moeGates: hash routing needs the token ids and the vocabulary",
    );
    const key = `${o.vocab}:${E}:${o.hashSeed ?? 0}`;
    const table = hashTables.get(key) ?? hashTable(o.vocab, E, o.hashSeed ?? 0);
    hashTables.set(key, table);
    routing = routeHash(o.tokens, table, E);
  } else {
    check(kernel !== null, () => `moeGates: ${o.router} routing needs a router kernel`);
    logits = linear(x.reshape([-1, d]) as tf.Tensor2D, kernel); // [N, E]
    if (o.router === "switch") routing = routeSwitch(logits, o.capacity, o.balance);
    else if (o.router === "expert_choice") routing = routeExpertChoice(logits, o.capacity);
    else routing = routeTopK(logits, o.topK, o.capacity);
  }
  if (ctx.training) {
    const aux =
      routing.aux ??
      (logits !== null && o.balance > 0 && o.router === "softmax"
        ? topKBalance(logits, routing, o)
        : null);
    if (aux !== null && o.balance > 0) ctx.aux.addLoss(`${o.name}.balance`, aux);
    ctx.aux.addStat(`${o.name}.load`, tf.mean(routing.mask, 0)); // [E] fraction of tokens per expert
  }
  return routing.gates.reshape([...x.shape.slice(0, -1), E]) as T; // [..., E]
}

/** Switch-style balance loss for top-k routing: balance·E·Σᵢ fᵢ·Pᵢ, fᵢ = share of routed slots. */
function topKBalance(logits: tf.Tensor2D, routing: Routing, o: GateOptions): tf.Scalar {
  return tf.tidy(() => {
    const f = tf.div(tf.mean(routing.mask, 0), o.topK); // [E]
    const P = tf.mean(tf.softmax(logits, -1), 0); // [E]
    return tf.mul(tf.sum(tf.mul(f, P)), o.balance * o.experts) as tf.Scalar;
  });
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

/** MSG growth: x ⊙ m with m = [1]·old ++ [c]·(n − old), c = clamp((step − start) / steps, 0, 1). */
export function growMasked<T extends tf.Tensor>(
  x: T,
  old: number,
  start: number,
  steps: number,
  step: number,
): T {
  const n = x.shape[x.rank - 1]!;
  const c = rampValue(start, steps, step);
  if (c === 1) return x;
  return tf.tidy(() => tf.mul(x, growthMask(n, old, c)) as T);
}

/** True when the module at `moduleUrl` is the script Node was started with (`npx tsx model.ts`). */
export function isMain(moduleUrl: string): boolean {
  const script = process.argv[1];
  if (script === undefined) return false;
  const real = (p: string): string => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  return real(fileURLToPath(moduleUrl)) === real(resolve(script));
}
