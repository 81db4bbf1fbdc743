// Early exits in the forward pass (constructs.md §8.2, §8.3): LayerSkip's per-sample layer dropout
// and the report of an exit's logits to the forward context. The losses and the exit rule that
// read those logits are runtime/train/exit-loss.ts and runtime/decode/exit-rule.ts.
import * as tf from "../tf.ts";
import { check, sameShape } from "../errors.ts";
import { mixSeed } from "../init.ts";
import type { ForwardContext } from "../model.ts";

/** Where a layer sits and LayerSkip's maximum rate; `time`: the rate also rises over training. */
export interface LayerDropRate {
  readonly layer: number;
  readonly depth: number;
  readonly pMax: number;
  readonly time: boolean;
}

/** D(ℓ) = e^{ℓ·ln2/(L−1)} − 1: 0 at the first layer, 1 at the last (1 when L = 1). */
export function depthCurve(layer: number, depth: number): number {
  return depth <= 1 ? 1 : Math.exp((layer * Math.LN2) / (depth - 1)) - 1;
}

/** S(t) = e^{t·ln2/(T−1)} − 1 for 0-based step t of T (1 when T ≤ 1 or the run length is unknown). */
export function timeCurve(step: number, steps: number | undefined): number {
  if (steps === undefined || steps <= 1) return 1;
  return Math.exp((Math.min(step, steps - 1) * Math.LN2) / (steps - 1)) - 1;
}

/** p_ℓ(t) = p_max·S(t)·D(ℓ), with S ≡ 1 unless `time`. */
export function layerDropRate(r: LayerDropRate, step: number, steps: number | undefined): number {
  const s = r.time ? timeCurve(step, steps) : 1;
  return r.pMax * s * depthCurve(r.layer, r.depth);
}

/**
 * LayerSkip's layer dropout while training: each sample b of xOut [B, …] is replaced by xIn's (the
 * layer is skipped) with probability p_ℓ(t), with no 1/(1−p) rescaling; xOut itself otherwise.
 */
export function layerDrop<T extends tf.Tensor>(
  xIn: tf.Tensor,
  xOut: T,
  rate: LayerDropRate,
  seed: number,
  ctx: ForwardContext,
): T {
  check(
    sameShape(xIn.shape, xOut.shape),
    () => `layerDrop: input [${xIn.shape.join(", ")}] and output [${xOut.shape.join(", ")}] differ`,
  );
  const p = layerDropRate(rate, ctx.step, ctx.steps);
  if (!ctx.training || p <= 0) return xOut;
  return tf.tidy(() => {
    const B = xOut.shape[0]!;
    // keep [B, 1, …, 1]: 1 where the sample runs the layer (probability 1 − p), per sample
    const u = tf.randomUniform([B], 0, 1, "float32", mixSeed(seed, "layerDrop", rate.layer));
    const keep = tf.cast(tf.greaterEqual(u, p), "float32");
    const shape = [B, ...xOut.shape.slice(1).map(() => 1)];
    const k = keep.reshape(shape);
    return tf.add(xIn, tf.mul(k, tf.sub(xOut, xIn))) as T;
  });
}

/** Reports the logits [B, T, vocab] of the exit after layer `layer`; returns y unchanged. */
export function exitOut<T extends tf.Tensor>(
  ctx: ForwardContext,
  layer: number,
  logits: tf.Tensor,
  y: T,
): T {
  ctx.exits?.(layer, logits);
  return y;
}
