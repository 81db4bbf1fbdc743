// The Deeper Layers paper's diagnostic (constructs.md §8.4), for `archc drop --suggest N`:
//   d(x^ℓ, x^{ℓ+n}) = (1/π)·arccos(⟨x^ℓ_T, x^{ℓ+n}_T⟩ / (‖x^ℓ_T‖·‖x^{ℓ+n}_T‖))
// between the residual stream entering layer ℓ and entering layer ℓ+n (x^L: the stream after the
// last layer, before the final norm), at the last token T of each window, averaged over the
// windows of a token stream (non-overlapping, the model's context long, the last one shorter).
// x^0 comes from the probe model (compiler/drop/probe.ts), x^{ℓ+1} from the forward's trace of
// layer ℓ's output.
import * as tf from "../../runtime/tf.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import type { CompiledModel, ForwardContext, Params } from "../../runtime/model.ts";
import { NO_AUX } from "../../runtime/train/evaluate.ts";

/** The mean distance for each block start ℓ = 0 … L−n, and the windows averaged over. */
export interface LayerDistances {
  readonly n: number;
  readonly depth: number;
  readonly windows: number;
  /** distances[ℓ] = mean over windows of d(x^ℓ_T, x^{ℓ+n}_T). */
  readonly distances: readonly number[];
  /** argmin_ℓ (the first on a tie): drop layers best … best+n−1. */
  readonly best: number;
}

/** The angular distance of two vectors, in [0, 1]: arccos(cos sim)/π (cos clipped to [−1, 1]). */
export function angularDistance(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  if (na === 0 || nb === 0) return na === nb ? 0 : 0.5; // a zero vector: orthogonal to all but itself
  const cos = Math.min(1, Math.max(-1, dot / Math.sqrt(na * nb)));
  return Math.acos(cos) / Math.PI;
}

/** The last-token streams x^0 … x^L of one batch of windows: [L+1][B] vectors of width d. */
function lastTokenStreams(
  model: CompiledModel,
  probe: CompiledModel,
  params: Params,
  windows: readonly (readonly number[])[],
  step: number,
): Float32Array[][] {
  const tokens = windows[0]!.length;
  const last = (h: tf.Tensor): Float32Array[] => {
    const [b, t, d] = h.shape as [number, number, number];
    const v = h.slice([0, t - 1, 0], [b, 1, d]).dataSync() as Float32Array; // [B, 1, d]
    return Array.from({ length: b }, (_, i) => v.slice(i * d, (i + 1) * d));
  };
  const streams: Float32Array[][] = [];
  tf.tidy(() => {
    const ids = tf.tensor2d(windows.flat(), [windows.length, tokens], "int32"); // [B, T]
    const ctx: ForwardContext = { training: false, step, seed: 0, aux: NO_AUX };
    streams.push(last(probe.forward(params, ids, ctx)));
    model.forward(params, ids, { ...ctx, trace: (_, h) => void streams.push(last(h)) });
  });
  return streams;
}

/**
 * The distances over `ids` (the run's tokens) for blocks of `n` layers; `probe` is the model with
 * the stream entering its first layer as output, `depth` its number of layers (the trace's length).
 */
export function layerDistances(
  model: CompiledModel,
  probe: CompiledModel,
  params: Params,
  ids: ArrayLike<number>,
  opts: { readonly n: number; readonly depth: number; readonly batch: number; readonly step: number },
): LayerDistances {
  const { n, depth } = opts;
  const C = model.meta.context;
  const windows: number[][] = [];
  for (let at = 0; at < ids.length; at += C)
    windows.push(Array.from({ length: Math.min(C, ids.length - at) }, (_, i) => ids[at + i]!));
  const sums = new Float64Array(depth - n + 1);
  for (let at = 0; at < windows.length; ) {
    // one batch of equal-length windows (the last, shorter window goes alone)
    const len = windows[at]!.length;
    let end = at;
    while (end < windows.length && end - at < opts.batch && windows[end]!.length === len) end++;
    const x = lastTokenStreams(model, probe, params, windows.slice(at, end), opts.step);
    if (x.length !== depth + 1)
      throw new RuntimeUserError(
        `the model reported ${x.length - 1} layer outputs, not ${depth}: its layers are not one stream`,
      );
    for (let l = 0; l + n <= depth; l++)
      for (let w = 0; w < end - at; w++) sums[l]! += angularDistance(x[l]![w]!, x[l + n]![w]!);
    at = end;
  }
  const distances = [...sums].map((s) => s / windows.length);
  const best = distances.indexOf(Math.min(...distances));
  return { n, depth, windows: windows.length, distances, best };
}
