// Shared by the mixture-of-attention tests (BAM, constructs.md §7.5): the tiny MoA model's source
// and std.attention.MixtureOfAttention by hand, one attention per expert from its slices of the
// packed q / k / v / out weights (the layouts of spec/moa.ts).
import * as tf from "../../runtime/tf.ts";
import { moaHeadIndex, moaLayout } from "../../spec/moa.ts";
import { attend, linear } from "../../runtime/index.ts";
import { DIMS, gptSource, type W } from "./support.ts";

/** Two layers `residual(pre, layernorm) { layer }` (default: MixtureOfAttention(d, heads, args)). */
export function moaSource(args: string, layer?: string): string {
  return gptSource(
    `  repeat 2 { residual(pre, layernorm) { ${layer ?? `MixtureOfAttention(d, heads${args})`} } }`,
    "import std.attention.{MixtureOfAttention}",
  );
}

export interface MoaShape {
  readonly experts: number;
  readonly kvHeads: number;
  readonly sharedKv: boolean;
}

/** Columns [from, from + n) of a [rows, cols] kernel, or entries of a bias. */
const cols = (t: tf.Tensor, from: number, n: number): tf.Tensor =>
  t.rank === 1 ? t.slice([from], [n]) : t.slice([0, from], [-1, n]);

/** Expert e's query (or output-row) slices, in head order: [d, H·dh]. */
function expertHeads(t: tf.Tensor, e: number, s: MoaShape, rows = false): tf.Tensor {
  const { heads: H, d } = DIMS;
  const dh = d / H;
  const layout = moaLayout(s.sharedKv);
  const parts = Array.from({ length: H }, (_, h) => {
    const at = moaHeadIndex(layout, e, h, s.experts, H) * dh;
    return rows ? t.slice([at, 0], [dh, -1]) : cols(t, at, dh);
  });
  return tf.concat(parts, rows ? 0 : t.rank - 1);
}

/** The router's mixture weights p = softmax(x·W_r) [..., E]. */
export const handWeights = (w: W, at: string, x: tf.Tensor): tf.Tensor =>
  tf.softmax(linear(x, w(`${at}.moa.router`)));

/** y = Σ_e p_e · Attn_e(x)·W_O^e + b_O, each expert an ordinary grouped attention. */
export function handMoa(w: W, at: string, x: tf.Tensor, s: MoaShape): tf.Tensor {
  const { heads: H, d } = DIMS;
  const dkv = s.kvHeads * (d / H);
  const p = handWeights(w, at, x); // [B, T, E]
  const outs = Array.from({ length: s.experts }, (_, e) => {
    const q = linear(
      x,
      expertHeads(w(`${at}.q.kernel`), e, s),
      expertHeads(w(`${at}.q.bias`), e, s),
    );
    const kv = (n: string): tf.Tensor => {
      const from = s.sharedKv ? 0 : e * dkv;
      return linear(
        x,
        cols(w(`${at}.${n}.kernel`), from, dkv),
        cols(w(`${at}.${n}.bias`), from, dkv),
      );
    };
    const a = attend(q, kv("k"), kv("v"), { heads: H, kvHeads: s.kvHeads, causal: true });
    const o = linear(a, expertHeads(w(`${at}.out.kernel`), e, s, true)); // [B, T, d]
    return tf.mul(o, p.slice([0, 0, e], [-1, -1, 1]));
  });
  return tf.add(tf.addN(outs), w(`${at}.out.bias`));
}
