// Validation: mean cross-entropy over the dataset's fixed validation batches (weighted by tokens),
// and bits per byte = loss / ln 2 (bits per token for non-byte data). evaluateTokens scores a whole
// token stream (archc eval) in non-overlapping windows of the model's context.
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
  return { loss, bpb: toBits(loss) };
}

/** Nats → bits (÷ ln 2): a loss per token in bits per token, or per byte for byte tokens. */
export function toBits(nats: number): number {
  return nats / Math.LN2;
}

export interface StreamEval {
  /** Mean cross-entropy, nats per predicted token. */
  readonly loss: number;
  /** exp(loss). */
  readonly perplexity: number;
  readonly bitsPerToken: number;
  /** Total bits over the predicted tokens' bytes of text. */
  readonly bitsPerByte: number;
  /** Predicted tokens (every token but the first). */
  readonly tokens: number;
  /** Bytes of text the predicted tokens stand for. */
  readonly bytes: number;
  /** Forward windows evaluated. */
  readonly windows: number;
}

/**
 * Scores every token of `ids` after the first: non-overlapping windows of `context` inputs (window
 * i predicts ids[i·context + 1 …] from ids[i·context …], no context carried across windows), full
 * windows `batch` at a time, the shorter last window alone. `bytesPerToken[id]` (the tokenizer's
 * tokenByteLengths) gives bits per byte.
 */
export async function evaluateTokens(
  model: CompiledModel,
  params: Params,
  ids: readonly number[],
  opts: { batch: number; step: number; bytesPerToken: Uint8Array },
): Promise<StreamEval> {
  const C = model.meta.context;
  const predicted = ids.length - 1;
  const windows = Math.ceil(predicted / C);
  const full = Math.floor(predicted / C);
  /** Loss summed over windows first … first + rows − 1, each of `width` ids (inputs + last target). */
  const windowNats = async (first: number, rows: number, width: number): Promise<number> => {
    const tokens = new Int32Array(rows * width); // [rows, width]
    for (let r = 0; r < rows; r++) {
      const start = (first + r) * C;
      tokens.set(ids.slice(start, start + width), r * width);
    }
    const mean = await batchLoss(model, params, { tokens, batch: rows, width }, opts.step);
    return mean * rows * (width - 1);
  };
  let nats = 0;
  for (let w = 0; w < full; w += opts.batch)
    nats += await windowNats(w, Math.min(opts.batch, full - w), C + 1);
  if (windows > full) nats += await windowNats(full, 1, predicted - full * C + 1);
  let bytes = 0;
  for (let i = 1; i < ids.length; i++) bytes += opts.bytesPerToken[ids[i]!] ?? 0;
  const loss = nats / predicted;
  return {
    loss,
    perplexity: Math.exp(loss),
    bitsPerToken: toBits(loss),
    bitsPerByte: bytes === 0 ? NaN : toBits(nats) / bytes,
    tokens: predicted,
    bytes,
    windows,
  };
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
