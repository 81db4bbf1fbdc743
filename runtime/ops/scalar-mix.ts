// BERMo's scalar mix (constructs.md §4.3): z = γ · Σ_j softmax(s)_j · h_j over every layer's output.
import * as tf from "../tf.ts";
import { check } from "../errors.ts";
import { dwaCombine } from "./misc.ts";

/**
 * γ · Σⱼ softmax(weights)ⱼ · outputs[j] over equally shaped outputs (the embedding output first,
 * then each layer's). With softmax(weights) exactly one-hot on the last entry (the other logits far
 * below it, so their exponentials underflow to 0) and γ = 1 it returns the last output exactly.
 */
export function scalarMix(
  outputs: readonly tf.Tensor[],
  weights: tf.Tensor,
  gamma: tf.Tensor,
): tf.Tensor {
  check(
    gamma.size === 1,
    () => `scalarMix: gamma must hold one value, has shape [${gamma.shape.join(", ")}]`,
  );
  return tf.tidy(() => dwaCombine(outputs, tf.softmax(weights)).mul(gamma.reshape([])));
}
