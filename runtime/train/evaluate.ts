// Validation: mean cross-entropy over the dataset's fixed validation batches (weighted by tokens),
// and bits per byte = loss / ln 2 (bits per token for non-byte data).
import * as tf from "@tensorflow/tfjs";
import type { AuxSink, CompiledModel, Params } from "../model.ts";
import type { Batch, Dataset } from "../data/types.ts";
import { crossEntropy } from "../ops/loss.ts";
import { batchTensors } from "./step.ts";

export interface EvalResult {
  readonly loss: number;
  /** loss / ln 2: bits per byte for byte tokens. */
  readonly bpb: number;
}

/** An AuxSink that drops everything (evaluation and sampling read only the logits). */
export const NO_AUX: AuxSink = { addLoss: () => undefined, addStat: () => undefined };

/** Evaluates on `batches`, or on `maxBatches` of the dataset's validation batches. */
export async function evaluate(
  model: CompiledModel,
  params: Params,
  data: Dataset | readonly Batch[],
  opts: { maxBatches?: number; step?: number } = {},
): Promise<EvalResult> {
  const batches = Array.isArray(data)
    ? (data as readonly Batch[])
    : (data as Dataset).validation(opts.maxBatches ?? 8);
  let total = 0;
  let tokens = 0;
  for (const batch of batches) {
    const n = batch.batch * (batch.width - 1);
    total += (await batchLoss(model, params, batch, opts.step ?? 0)) * n;
    tokens += n;
  }
  const loss = tokens === 0 ? NaN : total / tokens;
  return { loss, bpb: loss / Math.LN2 };
}

/** Mean cross-entropy of `batch` under `model` (dropout off), at optimizer step `step`. */
export async function batchLoss(
  model: CompiledModel,
  params: Params,
  batch: Batch,
  step: number,
): Promise<number> {
  const t = tf.tidy(() => {
    const { x, y } = batchTensors(batch);
    return crossEntropy(
      model.forward(params, x, { training: false, step, aux: NO_AUX, seed: 0 }),
      y,
    );
  });
  try {
    return (await t.data())[0]!;
  } finally {
    t.dispose();
  }
}
