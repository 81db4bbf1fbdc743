// Helpers that only compiler-generated programs call: parameter lookup by name, the tied LM head,
// MSG growth masks, and "am I the main module" (the MoE path is moe.ts and moe-slots.ts).
import { realpathSync } from "node:fs";
import { resolve } from "node:path";
import { fileURLToPath } from "node:url";
import * as tf from "../tf.ts";
import { RuntimeUserError, check, fmtShape } from "../errors.ts";
import type { ForwardContext, Params } from "../model.ts";
import { matMul2d } from "./linear.ts";
import { growthMask } from "./norms.ts";
import { rampValue } from "./grow.ts";

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
