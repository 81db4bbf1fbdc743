// A tiny language model built from runtime ops (embedding + positions + one attention block + head),
// used by the backend and throughput tests.
import * as tf from "../../runtime/tf.ts";
import {
  attend,
  crossEntropy,
  embed,
  layerNorm,
  linear,
  positions,
  type ParamInit,
  type Params,
} from "../../runtime/index.ts";

export interface TinyConfig {
  readonly vocab: number;
  readonly d: number;
  readonly heads: number;
  readonly ctx: number;
}

export function tinyParams(c: TinyConfig): ParamInit[] {
  const n = (name: string, shape: number[], decay = true): ParamInit => ({
    name,
    shape,
    init: { kind: "normal", std: 0.02 },
    decay,
  });
  const ones = (name: string, d: number): ParamInit => ({
    name,
    shape: [d],
    init: { kind: "ones" },
    decay: false,
  });
  const zeros = (name: string, d: number): ParamInit => ({
    name,
    shape: [d],
    init: { kind: "zeros" },
    decay: false,
  });
  return [
    n("tok.table", [c.vocab, c.d], false),
    n("pos.table", [c.ctx, c.d], false),
    ones("ln1.scale", c.d),
    zeros("ln1.bias", c.d),
    n("attn.qkv.kernel", [c.d, 3 * c.d]),
    zeros("attn.qkv.bias", 3 * c.d),
    n("attn.out.kernel", [c.d, c.d]),
    ones("lnf.scale", c.d),
    zeros("lnf.bias", c.d),
    n("head.kernel", [c.d, c.vocab]),
  ];
}

/** tokens [B, T] → logits [B, T, vocab]. */
export function tinyForward(p: Params, tokens: tf.Tensor2D, c: TinyConfig): tf.Tensor3D {
  const g = (name: string): tf.Variable => p.get(name)!;
  const T = tokens.shape[1];
  let x = tf.add(embed(tokens, g("tok.table")), positions(T, g("pos.table"))); // [B, T, d]
  const h = layerNorm(x, g("ln1.scale"), g("ln1.bias"), 1e-5);
  const [q, k, v] = tf.split(linear(h, g("attn.qkv.kernel"), g("attn.qkv.bias")), 3, -1);
  x = tf.add(x, linear(attend(q!, k!, v!, { heads: c.heads }), g("attn.out.kernel")));
  return linear(layerNorm(x, g("lnf.scale"), g("lnf.bias"), 1e-5), g("head.kernel")) as tf.Tensor3D;
}

/** A fixed batch of a learnable pattern: each token is the previous one plus 1 (mod vocab). */
export function tinyBatch(c: TinyConfig, B: number, seed = 0): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const xs = new Int32Array(B * c.ctx);
  const ys = new Int32Array(B * c.ctx);
  for (let b = 0; b < B; b++) {
    let t = (b * 7 + seed * 13) % c.vocab;
    for (let i = 0; i < c.ctx; i++) {
      xs[b * c.ctx + i] = t;
      t = (t + 1) % c.vocab;
      ys[b * c.ctx + i] = t;
    }
  }
  return { x: tf.tensor2d(xs, [B, c.ctx], "int32"), y: tf.tensor2d(ys, [B, c.ctx], "int32") };
}

export function tinyLoss(
  p: Params,
  batch: { x: tf.Tensor2D; y: tf.Tensor2D },
  c: TinyConfig,
): () => tf.Scalar {
  return () => tf.tidy(() => crossEntropy(tinyForward(p, batch.x, c), batch.y));
}
