// Token and position embeddings. The token lookup's gradient is a one-hot matmul on wasm (which has
// no UnsortedSegmentSum, the gradient of tf.gather) and on stock cpu (whose UnsortedSegmentSum is
// ~20× slower than the matmul); elsewhere it is the exact scatter-add, tf.unsortedSegmentSum.
import * as tf from "../tf.ts";
import { check, fmtShape } from "../errors.ts";
import type { ForwardContext } from "../model.ts";
import { withGrad } from "./grad.ts";
import { oneHotF } from "./onehot.ts";

export type EmbeddingGradient = "auto" | "onehot" | "segment";
let gradMode: EmbeddingGradient = "auto";

/**
 * How embed() computes the table's gradient: "onehot" (matmul, every backend), "segment"
 * (tf.unsortedSegmentSum: not on wasm), or "auto": onehot on wasm and cpu, segment elsewhere.
 * Call with "segment" after installing fast cpu kernels with a fast UnsortedSegmentSum.
 */
export function setEmbeddingGradient(mode: EmbeddingGradient): void {
  gradMode = mode;
}

function useSegmentSum(): boolean {
  if (gradMode !== "auto") return gradMode === "segment";
  const b = tf.getBackend();
  return b !== "wasm" && b !== "cpu";
}

/** tokens [B, T] int32, table [V, d] → [B, T, d]; d table = one_hot(tokens)ᵀ · dy. */
export function embed(tokens: tf.Tensor, table: tf.Tensor): tf.Tensor {
  check(table.rank === 2, () => `embed: table must be [vocab, d], got ${fmtShape(table.shape)}`);
  const [vocab, d] = table.shape as [number, number];
  return withGrad(table, (tbl, save) => {
    save([tokens]); // kept by tfjs until the backward pass, whatever scope created `tokens`
    const value = tf.tidy(() => tf.gather(tbl, tokens.reshape([-1])).reshape([...tokens.shape, d])); // [B, T, d]
    const gradFunc = (dy: tf.Tensor, saved: tf.Tensor[]): tf.Tensor => {
      if (useSegmentSum())
        return tf.unsortedSegmentSum(
          dy.reshape([-1, d]),
          saved[0]!.reshape([-1]).toInt() as tf.Tensor1D,
          vocab,
        );
      const ohT = tf.transpose(oneHotF(saved[0]!.reshape([-1]), vocab) as tf.Tensor2D); // [N, V] → [V, N]
      return tf.matMul(ohT, dy.reshape([-1, d]) as tf.Tensor2D); // [V, d] (explicit transpose: fast on wasm)
    };
    return { value, gradFunc };
  });
}

/**
 * Learned positions: T rows of table [ctx, d] from the first position (ctx.decode's offset while
 * decoding, else 0) → [T, d] (broadcasts over the batch).
 */
export function positions(T: number, table: tf.Tensor, ctx?: ForwardContext): tf.Tensor2D {
  const first = ctx?.decode?.offset ?? 0;
  check(
    table.rank === 2 && first + T <= table.shape[0]!,
    () =>
      `positions: positions ${first}…${first + T - 1} exceed the position table ${fmtShape(table.shape)}`,
  );
  return tf.slice(table, [first, 0], [T, table.shape[1]!]) as tf.Tensor2D;
}

/**
 * Fixed sinusoidal positions [T, d] from the first position t₀ (ctx.decode's offset, else 0):
 * PE[t, 2i] = sin((t₀ + t)/10000^(2i/d)), PE[t, 2i+1] = cos(…).
 */
export function sinusoidalPositions(T: number, d: number, ctx?: ForwardContext): tf.Tensor2D {
  const first = ctx?.decode?.offset ?? 0;
  const pe = new Float32Array(T * d);
  for (let t = 0; t < T; t++) {
    for (let i = 0; i < d; i += 2) {
      const angle = (first + t) / Math.pow(10000, i / d);
      pe[t * d + i] = Math.sin(angle);
      if (i + 1 < d) pe[t * d + i + 1] = Math.cos(angle);
    }
  }
  return tf.tensor2d(pe, [T, d]);
}
