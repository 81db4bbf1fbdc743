// Shared by the position and memory invariant tests: a tiny source with RoPE/ALiBi/memory settings
// on CausalSelfAttention (no absolute positions unless asked), and the whole model written by hand
// from the papers' formulas with plain tensor ops (per head, element by element where it is a
// table), to check the generated code against: RoPE (RoFormer), ALiBi (Press et al. 2022, the
// reference code's slopes) and persistent memory (Sukhbaatar et al. 2019).
import * as tf from "../../runtime/tf.ts";
import { linear } from "../../runtime/index.ts";
import type { DecodeContext } from "../../runtime/model.ts";
import { handLN, handMlp, type W } from "./support.ts";

export const A = { vocab: 32, d: 16, heads: 4, kvHeads: 2, ctx: 8 } as const;

/** Two Pre-LN layers (attention with `attn` settings, MLP unless `ffn` is false). */
export function attnSource(
  attn: string,
  opts: { positions?: boolean; ffn?: boolean } = {},
): string {
  const { vocab, d, heads, ctx } = A;
  const ffn = opts.ffn === false ? "" : "\n    residual(pre, layernorm) { MLP(d, 4 * d) }";
  return `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}
const vocab = ${vocab}
const d = ${d}
const heads = ${heads}
const ctx = ${ctx}
model M {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(vocab, d)${opts.positions === true ? " + LearnedPositions(ctx, d)" : ""}
  repeat 2 {
    residual(pre, layernorm) { CausalSelfAttention(d, heads${attn}) }${ffn}
  }
  norm layernorm
  head tied
}
`;
}

/** A decode context that only moves positions: the forward's tokens sit at `offset` …, no cache. */
export const atOffset = (offset: number): DecodeContext => ({
  offset,
  caching: false,
  keysValues: (k, v) => [k, v],
  requireWindow: () => undefined,
});

/** The ALiBi paper's reference slopes (its get_slopes, written recursively as published). */
export function paperSlopes(n: number): number[] {
  const pow2 = (k: number): number[] => {
    const start = 2 ** -(2 ** -(Math.log2(k) - 3));
    return Array.from({ length: k }, (_, i) => start * start ** i);
  };
  if (Number.isInteger(Math.log2(n))) return pow2(n);
  const closest = 2 ** Math.floor(Math.log2(n));
  return [
    ...pow2(closest),
    ...paperSlopes(2 * closest)
      .filter((_, i) => i % 2 === 0)
      .slice(0, n - closest),
  ];
}

/** RoPE by its definition on x [T, n·dh] at positions offset…: pair (2i, 2i+1) turned by p·base^(−2i/dh). */
export function handRope(x: number[][], n: number, base: number, offset: number): number[][] {
  const dh = x[0]!.length / n;
  return x.map((row, t) =>
    row.map((v, c) => {
      const i = Math.floor((c % dh) / 2);
      const a = (offset + t) * base ** ((-2 * i) / dh);
      const pair = c % 2 === 0 ? row[c + 1]! : row[c - 1]!;
      return c % 2 === 0
        ? v * Math.cos(a) - pair * Math.sin(a)
        : pair * Math.sin(a) + v * Math.cos(a);
    }),
  );
}

export interface HandAttn {
  readonly rope?: number;
  readonly alibi?: boolean;
  readonly memory?: boolean;
  readonly offset?: number;
}

/**
 * Causal GQA attention of one batch row by hand: x [T, d] → [T, d]. Head h reads K/V group
 * ⌊h/(H/G)⌋; scores q·k/√dh − m_h·(i − j) (ALiBi), −∞ for j > i, then the N memory slots (score
 * q·m_K/√dh, no mask, no bias, no rotation); softmax; weights times [V ; M_V]; out projection.
 */
export function handAttention(w: W, at: string, x: tf.Tensor2D, o: HandAttn): tf.Tensor2D {
  const { heads: H, kvHeads: G } = A;
  const lin = (n: string): number[][] =>
    linear(x, w(`${at}.${n}.kernel`), w(`${at}.${n}.bias`)).arraySync() as number[][];
  const off = o.offset ?? 0;
  const rot = (m: number[][], n: number): number[][] =>
    o.rope === undefined ? m : handRope(m, n, o.rope, off);
  const q = rot(lin("q"), H);
  const k = rot(lin("k"), G);
  const v = lin("v");
  const mk = o.memory === true ? (w(`${at}.memory.keys`).arraySync() as number[][]) : [];
  const mv = o.memory === true ? (w(`${at}.memory.values`).arraySync() as number[][]) : [];
  const T = q.length;
  const dh = q[0]!.length / H;
  const slopes = paperSlopes(H);
  const out = Array.from({ length: T }, () => new Array<number>(H * dh).fill(0));
  for (let h = 0; h < H; h++) {
    const g = Math.floor(h / (H / G));
    const dot = (a: number[], b: number[]): number => {
      let s = 0;
      for (let c = 0; c < dh; c++) s += a[h * dh + c]! * b[g * dh + c]!;
      return s / Math.sqrt(dh);
    };
    for (let i = 0; i < T; i++) {
      const scores: number[] = [];
      const vals: number[][] = [];
      for (let j = 0; j <= i; j++) {
        scores.push(dot(q[i]!, k[j]!) - (o.alibi === true ? slopes[h]! * (i - j) : 0));
        vals.push(v[j]!);
      }
      mk.forEach((m, s) => (scores.push(dot(q[i]!, m)), vals.push(mv[s]!)));
      const top = Math.max(...scores);
      const e = scores.map((s) => Math.exp(s - top));
      const z = e.reduce((a, b) => a + b, 0);
      for (let c = 0; c < dh; c++)
        out[i]![h * dh + c] = e.reduce((acc, p, j) => acc + (p / z) * vals[j]![g * dh + c]!, 0);
    }
  }
  return linear(tf.tensor2d(out), w(`${at}.out.kernel`), w(`${at}.out.bias`)) as tf.Tensor2D;
}

/** attnSource's model by hand on one row of tokens: logits [T·vocab]. */
export function handModel(w: W, toks: number[], o: HandAttn, ffn = true): Float32Array {
  return tf.tidy(() => {
    const table = w("token_embedding.table");
    let x = tf.gather(table, tf.tensor1d(toks, "int32")) as tf.Tensor2D;
    for (let l = 0; l < 2; l++) {
      const a = ffn ? `blocks.${l}.causal_self_attention` : `blocks.${l}`; // a lone sublayer adopts the scope
      x = tf.add(x, handAttention(w, a, handLN(w, `${a}.ln_in`, x) as tf.Tensor2D, o));
      if (ffn) x = tf.add(x, handMlp(w, `blocks.${l}.mlp`, handLN(w, `blocks.${l}.mlp.ln_in`, x)));
    }
    const n = handLN(w, "ln_f", x);
    return tf.matMul(n, table, false, true).dataSync() as Float32Array;
  });
}
