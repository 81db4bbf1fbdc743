// The multi-exit training objective (constructs.md §8.2, §8.3). LayerSkip: J = Σ_{ℓ ∈ E_t} ẽ_ℓ·CE_ℓ
// through the shared final norm and head, with E_t the exits enabled at step t (its curriculum) and
// the model's own output always enabled as layer L − 1; e_ℓ = Σ_{i ≤ ℓ, i ∈ E_t} (i + 1), times
// e_scale for ℓ < L − 1, normalised to sum to 1. Early exits (`exits`): the equal-weight sum of every
// exit's cross-entropy and the model's own.
import * as tf from "../tf.ts";
import type { ExitSpec } from "../../spec/exits.ts";
import type { CompiledModel, ForwardContext, Params } from "../model.ts";
import { crossEntropy } from "../ops/loss.ts";

/** The layers whose exit is enabled at 0-based step t of T, ascending; always ends with L − 1. */
export function enabledExits(spec: ExitSpec, step: number, steps: number | undefined): number[] {
  const L = spec.depth;
  const on = spec.layers.filter((l) => {
    switch (spec.curriculum) {
      case "fixed":
        return true;
      case "rotational":
        // every `every`-th layer, the pattern shifted by one layer per step
        return (((l - step) % spec.every) + spec.every) % spec.every === 0;
      case "gradual":
        // the last layer first, every layer by mid-training: 2t/T ≥ (L − ℓ)/L
        return steps === undefined || (2 * step) / steps >= (L - l) / L;
    }
  });
  return [...on, L - 1];
}

/** ẽ_ℓ for each enabled layer (LayerSkip's cumulative weights; 1 each for `exits`). */
export function exitWeights(spec: ExitSpec, enabled: readonly number[]): Map<number, number> {
  if (spec.kind === "exits") return new Map(enabled.map((l) => [l, 1]));
  const L = spec.depth;
  let cum = 0;
  const raw = enabled.map((l) => {
    cum += l + 1;
    return [l, l < L - 1 ? cum * spec.scale : cum] as const;
  });
  const total = raw.reduce((s, [, e]) => s + e, 0);
  return new Map(raw.map(([l, e]) => [l, e / total]));
}

/**
 * The objective from the model's own cross-entropy `ce` (layer L − 1) and the exits' logits by
 * layer; a disabled exit contributes nothing (and no gradient).
 */
export function exitObjective(
  spec: ExitSpec,
  ce: tf.Scalar,
  logits: ReadonlyMap<number, tf.Tensor>,
  targets: tf.Tensor,
  step: number,
  steps: number | undefined,
): tf.Scalar {
  const weights = exitWeights(spec, enabledExits(spec, step, steps));
  const terms: tf.Scalar[] = [];
  for (const [layer, w] of weights) {
    const at = layer === spec.depth - 1 ? ce : exitCe(logits, layer, targets);
    terms.push(w === 1 ? at : (tf.mul(at, w) as tf.Scalar));
  }
  return terms.length === 1 ? terms[0]! : (tf.addN(terms) as tf.Scalar);
}

function exitCe(logits: ReadonlyMap<number, tf.Tensor>, layer: number, y: tf.Tensor): tf.Scalar {
  const l = logits.get(layer);
  if (l === undefined)
    throw new Error(`exit loss: the forward reported no logits for layer ${layer}`);
  return crossEntropy(l, y);
}

/**
 * The forward pass and the training objective of one batch (without auxiliary losses): the model's
 * own cross-entropy `ce`, and `objective` (= ce for a model without exits). Call inside a gradient.
 */
export function forwardObjective(
  model: CompiledModel,
  params: Params,
  x: tf.Tensor2D,
  y: tf.Tensor,
  ctx: ForwardContext,
): { readonly ce: tf.Scalar; readonly objective: tf.Scalar } {
  const spec = model.meta.exits;
  if (spec === undefined) {
    const ce = crossEntropy(model.forward(params, x, ctx), y);
    return { ce, objective: ce };
  }
  const seen = new Map<number, tf.Tensor>();
  const ce = crossEntropy(
    model.forward(params, x, { ...ctx, exits: (l, t) => void seen.set(l, t) }),
    y,
  );
  return { ce, objective: exitObjective(spec, ce, seen, y, ctx.step, ctx.steps) };
}
