// The exit rule at inference (constructs.md §8.3; LayerSkip's exits too): per position, the first
// exit in layer order whose prediction is confident enough (max posterior ≥ τ, or entropy ≤ τ in
// nats) gives the logits; the model's own output (layer L − 1) when none is. The forward computes
// every exit (static shapes), so the rule picks among them; the layer it picks is reported.
// Limits: max_posterior with τ = 0 (entropy with τ = ∞) always takes the first exit; max_posterior
// with τ > 1 (entropy with τ < 0… or 0 unless a prediction is certain) gives the full model.
import * as tf from "../tf.ts";
import type { ExitSpec } from "../../spec/exits.ts";
import type { CompiledModel, ForwardContext, Params } from "../model.ts";

/** The chosen logits [B, T, V] and the 1-based exit layer of each position [B, T] (L = the full model). */
export interface ExitChoice {
  readonly logits: tf.Tensor3D;
  /** Absent for a model without exits (every position uses all L layers). */
  readonly layers?: tf.Tensor2D;
}

/** Per position, the first passing exit of `exits` (layer → logits) or `final`. Call inside tf.tidy. */
export function applyExitRule(
  spec: Pick<ExitSpec, "depth" | "rule" | "threshold">,
  exits: ReadonlyMap<number, tf.Tensor>,
  final: tf.Tensor3D,
): Required<ExitChoice> {
  const order = [...exits.keys()].sort((a, b) => a - b);
  const stacked = tf.stack([...order.map((l) => exits.get(l)!), final]); // [E+1, B, T, V]
  const probs = tf.softmax(stacked); // [E+1, B, T, V]
  const passes =
    spec.rule === "max_posterior"
      ? tf.greaterEqual(tf.max(probs, -1), spec.threshold) // [E+1, B, T]
      : tf.lessEqual(entropy(stacked, probs), spec.threshold);
  const E = order.length;
  // the model's own output always passes; the first passing exit is the argmax of the 0/1 mask
  const last = tf.ones([1, ...final.shape.slice(0, 2)], "bool");
  const mask = tf.concat([passes.slice([0], [E]), last], 0).cast("int32"); // [E+1, B, T]
  const first = tf.argMax(mask, 0); // [B, T] int32, the first index with 1
  const pick = tf
    .oneHot(first, E + 1)
    .transpose([2, 0, 1])
    .expandDims(-1); // [E+1, B, T, 1]
  const logits = tf.sum(tf.mul(stacked, pick), 0) as tf.Tensor3D; // [B, T, V]
  const layerOf = tf.tensor1d([...order.map((l) => l + 1), spec.depth], "float32");
  const layers = tf.gather(layerOf, first).reshape(first.shape) as tf.Tensor2D; // [B, T]
  return { logits, layers };
}

/** H = −Σ p·log p over the last axis, from logits and their softmax: [..., V] → [...]. */
function entropy(logits: tf.Tensor, probs: tf.Tensor): tf.Tensor {
  return tf.neg(tf.sum(tf.mul(probs, tf.logSoftmax(logits)), -1));
}

/** A threshold replacing the model's own (`--exit-threshold`), or the model's. */
export function withThreshold(spec: ExitSpec, threshold: number | undefined): ExitSpec {
  return threshold === undefined ? spec : { ...spec, threshold };
}

/**
 * The forward pass under the exit rule: the logits chosen per position, and their exit layers. A
 * model without exits returns its own logits. Call inside tf.tidy.
 */
export function exitForward(
  model: CompiledModel,
  params: Params,
  x: tf.Tensor2D,
  ctx: ForwardContext,
  threshold?: number,
): ExitChoice {
  const spec = model.meta.exits;
  if (spec === undefined) return { logits: model.forward(params, x, ctx) };
  const seen = new Map<number, tf.Tensor>();
  const final = model.forward(params, x, { ...ctx, exits: (l, t) => void seen.set(l, t) });
  return applyExitRule(withThreshold(spec, threshold), seen, final);
}
