// A tiny hand-written CompiledModel for the training tests: embedding [V, d] → linear [d, V] + bias.
// Options: `nanAtStep` makes the logits NaN at that (0-based) step while training, `infGradAtStep`
// makes the gradient infinite instead; `aux` adds a small auxiliary loss (an L2 penalty on the
// embedding) through ctx.aux and reports a statistic.
import * as tf from "../../runtime/tf.ts";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import { oneHotF } from "../../runtime/ops/onehot.ts";

export interface BigramOptions {
  readonly vocab?: number;
  readonly width?: number;
  readonly context?: number;
  readonly nanAtStep?: number;
  readonly aux?: number;
  /** Makes the gradient (not the loss) infinite at this 0-based step. */
  readonly infGradAtStep?: number;
}

export function bigramModel(opts: BigramOptions = {}): CompiledModel {
  const V = opts.vocab ?? 256;
  const d = opts.width ?? 16;
  const T = opts.context ?? 32;
  const get = (p: Params, n: string): tf.Variable => {
    const v = p.get(n);
    if (v === undefined) throw new Error(`missing parameter ${n}`);
    return v;
  };
  return {
    meta: {
      name: "Bigram",
      source: "tests/train/bigram.ts",
      paramCount: V * d + d * V + V,
      vocab: V,
      context: T,
      width: d,
    },
    params: [
      { name: "embed.table", shape: [V, d], init: { kind: "normal", std: 0.5 }, decay: false },
      { name: "head.kernel", shape: [d, V], init: { kind: "normal", std: 0.1 }, decay: true },
      { name: "head.bias", shape: [V], init: { kind: "zeros" }, decay: false },
    ],
    forward(p, tokens, ctx) {
      const [B, t] = tokens.shape;
      const table = get(p, "embed.table");
      // One-hot × table: its gradient is a matmul (tf.gather's, UnsortedSegmentSum, is slow on cpu).
      const h = tf.matMul(oneHotF(tokens.reshape([-1]), V), table); // [B·T, d]
      let logits = tf.add(tf.matMul(h, get(p, "head.kernel")), get(p, "head.bias")); // [B·T, V]
      if (opts.aux !== undefined && ctx.training) {
        ctx.aux.addLoss("l2", tf.mul(tf.mean(tf.square(table)), opts.aux) as tf.Scalar);
        ctx.aux.addStat("embedNorm", tf.norm(table));
      }
      if (opts.nanAtStep !== undefined && ctx.training && ctx.step === opts.nanAtStep)
        logits = tf.mul(logits, NaN);
      if (opts.infGradAtStep !== undefined && ctx.training && ctx.step === opts.infGradAtStep) {
        const blowUp = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
          value: (args[0] as tf.Tensor).clone(),
          gradFunc: (dy: tf.Tensor) => tf.mul(dy, Infinity),
        }));
        logits = blowUp(logits) as tf.Tensor2D;
      }
      return logits.reshape([B, t, V]) as tf.Tensor3D;
    },
  };
}
