// Multi-head scaled dot-product attention with grouped K/V heads (MHA, GQA, MQA) and a cached
// causal mask. Query head h uses K/V head ⌊h / (heads / kvHeads)⌋ (PyTorch repeat_interleave order).
import * as tf from "../tf.ts";
import { groupedSizes, mergeHeads, queryScale } from "./attention-sizes.ts";
import { check, fmtShape } from "../errors.ts";
import type { ForwardContext } from "../model.ts";
import { fusedAttention } from "./attention-fused.ts";
import { biasedAttention } from "./attention-biased.ts";
import { causalScores } from "./causal-mask.ts";
import { rope } from "./positional.ts";

export { causalMask, clearAttentionCache } from "./causal-mask.ts";

export interface AttendOptions {
  readonly heads: number;
  /** K/V heads; must divide `heads`. Default: heads (MHA). 1 = MQA. */
  readonly kvHeads?: number;
  /** Mask future positions (default true). */
  readonly causal?: boolean;
  /** q already carries 1/√dh (the optimizer folded it into the query projection). */
  readonly prescaled?: boolean;
  /** The attention core as one op with a hand-written gradient (the optimizer's fuseAttention). */
  readonly fused?: boolean;
  /** Rotary embeddings on q and k with this base (positions continue at the KV cache's offset). */
  readonly rope?: number;
  /** ALiBi score biases (slopes of the ALiBi paper for `heads`). */
  readonly alibi?: boolean;
  /**
   * ALiBi after heads growth: the head counts before each growth, ascending; the old heads keep
   * their slopes and the new ones take a fresh model's unused slopes (positional.ts grownAlibiSlopes).
   */
  readonly alibiFrom?: readonly number[];
  /** Persistent memory: keys and values [N, kvHeads·dh] appended to every sequence's, never masked. */
  readonly memory?: { readonly keys: tf.Tensor; readonly values: tf.Tensor };
}

/**
 * q [B, T, heads·dh], k and v [B, S, kvHeads·dh] → [B, T, heads·dh].
 * softmax(q·kᵀ/√dh + mask)·v per head. While decoding (ctx.decode), k and v are those of the new
 * positions and the KV cache supplies the earlier ones.
 */
export function attend(
  q: tf.Tensor,
  kNew: tf.Tensor,
  vNew: tf.Tensor,
  opts: AttendOptions,
  ctx?: ForwardContext,
): tf.Tensor3D {
  const H = opts.heads;
  const G = opts.kvHeads ?? H;
  const causal = opts.causal ?? true;
  if (opts.rope !== undefined) {
    // RoPE before the cache: cached keys keep the rotation of their own positions
    const { rope: base, ...rest } = opts;
    const offset = ctx?.decode?.offset ?? 0;
    return tf.tidy(() =>
      attend(rope(q, H, base, offset), rope(kNew, G, base, offset), vNew, rest, ctx),
    );
  }
  const [k, v] = ctx?.decode?.keysValues(kNew, vNew, causal) ?? [kNew, vNew];
  check(
    q.rank === 3 && k.rank === 3 && v.rank === 3,
    () =>
      `attend: q, k, v must be [batch, time, features]; got ${fmtShape(q.shape)}, ${fmtShape(k.shape)}, ${fmtShape(v.shape)}`,
  );
  const [B, T, Dq] = q.shape as [number, number, number];
  const S = k.shape[1]!;
  check(
    H > 0 && G > 0 && H % G === 0,
    () => `attend: heads (${H}) must be a multiple of kv_heads (${G})`,
  );
  check(Dq % H === 0, () => `attend: query width ${Dq} is not divisible by heads ${H}`);
  const dh = Dq / H;
  const r = H / G;
  check(
    k.shape[0] === B &&
      v.shape[0] === B &&
      v.shape[1] === S &&
      k.shape[2] === G * dh &&
      v.shape[2] === G * dh,
    () =>
      `attend: k ${fmtShape(k.shape)} and v ${fmtShape(v.shape)} must be [${B}, S, ${G * dh}] for q ${fmtShape(q.shape)}`,
  );
  check(
    !causal || S >= T,
    () => `attend: causal attention needs at least as many keys (${S}) as queries (${T})`,
  );
  return tf.tidy(() => {
    // Queries grouped by their K/V head: [B, T, H·dh] → [B, H, T, dh] → [B·G, r·T, dh]
    const scale = queryScale(dh, opts.prescaled);
    const qh = (scale === 1 ? q : tf.mul(q, scale))
      .reshape([B, T, H, dh])
      .transpose([0, 2, 1, 3])
      .reshape([B * G, r * T, dh]);
    // [B, S, G·dh] → [B, G, S, dh] → [B·G, S, dh]
    const kh = k
      .reshape([B, S, G, dh])
      .transpose([0, 2, 1, 3])
      .reshape([B * G, S, dh]);
    const vh = v
      .reshape([B, S, G, dh])
      .transpose([0, 2, 1, 3])
      .reshape([B * G, S, dh]);
    if (opts.alibi === true || opts.memory !== undefined)
      return biasedAttention(qh as tf.Tensor3D, kh as tf.Tensor3D, vh as tf.Tensor3D, B, H, G, {
        causal,
        alibi: opts.alibi === true,
        alibiFrom: opts.alibiFrom,
        memory: opts.memory,
      });
    return (opts.fused === true ? fusedAttention : groupedAttention)(
      qh as tf.Tensor3D,
      kh as tf.Tensor3D,
      vh as tf.Tensor3D,
      B,
      H,
      G,
      causal,
    );
  });
}

/**
 * The part attend and attendPacked share: queries qh [B·G, r·T, dh] (scaled, grouped by their K/V
 * head), keys kh and values vh [B·G, S, dh] → softmax(qh·khᵀ + mask)·vh as [B, T, H·dh].
 */
export function groupedAttention(
  qh: tf.Tensor3D,
  kh: tf.Tensor3D,
  vh: tf.Tensor3D,
  B: number,
  H: number,
  G: number,
  causal: boolean,
): tf.Tensor3D {
  const { r, T, S, dh } = groupedSizes(qh, kh, H, G);
  let scores: tf.Tensor = tf.matMul(qh, kh, false, true); // [B·G, r·T, S]
  if (causal) scores = causalScores(scores, B * G * r, T, S);
  const att = tf.softmax(scores, -1); // [B·G, r·T, S]
  const out = tf.matMul(att as tf.Tensor3D, vh); // [B·G, r·T, dh]
  return mergeHeads(out, B, H, T, dh);
}
