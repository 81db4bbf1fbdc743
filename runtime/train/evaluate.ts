// Validation: mean cross-entropy over the dataset's fixed validation batches (weighted by tokens),
// bits per token = loss / ln 2, and for text data bits per byte, comparable across tokenizers:
//   bpb = total nats over the targets / (ln 2 × the UTF-8 bytes of the text those targets stand for)
// (each target id stands for tokenByteLengths(tokenizer)[id] bytes; 1 for the bytes tokenizer,
// where bpb = bits per token).
// evaluateTokens scores a whole token stream (archc eval) in non-overlapping windows of the
// model's context.
import * as tf from "../tf.ts";
import type { AuxSink, CompiledModel, Params } from "../model.ts";
import type { Batch, Dataset } from "../data/types.ts";
import { tokenByteLengths, type Tokenizer } from "../data/tokenizer.ts";
import { crossEntropy } from "../ops/loss.ts";
import { batchTensors } from "./step.ts";
import { exitForward } from "../decode/exit-rule.ts";

export interface EvalResult {
  /** Mean cross-entropy, nats per target token. */
  readonly loss: number;
  /** loss / ln 2. */
  readonly bitsPerToken: number;
  /** Bits per byte of the text the targets stand for (text data only). */
  readonly bpb?: number;
}

/** Bits per byte: `nats` summed over targets that stand for `textBytes` bytes of UTF-8 text. */
export function bitsPerByte(nats: number, textBytes: number): number {
  return toBits(nats) / textBytes;
}

/** The UTF-8 bytes that the ids `ids[from…to)` stand for (lengths: tokenByteLengths). */
function idBytes(ids: ArrayLike<number>, lengths: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) n += lengths[ids[i]!] ?? 0;
  return n;
}

/** The UTF-8 bytes the targets of `batch` (columns 1..T of each row) stand for. */
export function targetBytes(batch: Batch, lengths: Uint8Array): number {
  let n = 0;
  for (let row = 0; row < batch.batch * batch.width; row += batch.width)
    n += idBytes(batch.tokens, lengths, row + 1, row + batch.width);
  return n;
}

/** An AuxSink that drops everything (evaluation and sampling read only the logits). */
export const NO_AUX: AuxSink = { addLoss: () => undefined, addStat: () => undefined };

/**
 * Evaluates on `batches`, or on `maxBatches` of the dataset's validation batches. Bits per byte
 * needs the tokenizer: the dataset's, or `tokenizer` for a list of batches.
 */
export async function evaluate(
  model: CompiledModel,
  params: Params,
  data: Dataset | readonly Batch[],
  opts: { maxBatches?: number; step?: number; tokenizer?: Tokenizer } = {},
): Promise<EvalResult> {
  const batches = Array.isArray(data)
    ? (data as readonly Batch[])
    : (data as Dataset).validation(opts.maxBatches ?? 8);
  const tokenizer = Array.isArray(data) ? opts.tokenizer : (data as Dataset).tokenizer;
  const lengths = tokenizer === undefined ? undefined : tokenByteLengths(tokenizer);
  let nats = 0;
  let tokens = 0;
  let textBytes = 0;
  for (const batch of batches) {
    const n = batch.batch * (batch.width - 1);
    nats += (await batchLoss(model, params, batch, opts.step ?? 0)) * n;
    tokens += n;
    if (lengths !== undefined) textBytes += targetBytes(batch, lengths);
  }
  const loss = tokens === 0 ? NaN : nats / tokens;
  const bitsPerToken = toBits(loss);
  if (lengths === undefined) return { loss, bitsPerToken };
  return { loss, bitsPerToken, bpb: textBytes === 0 ? NaN : bitsPerByte(nats, textBytes) };
}

/** "1.234 bits/byte, 1.456 bits/token" (`long`: "bits per byte"), for logs and the final line. */
export function describeBits(r: EvalResult, long = false): string {
  const unit = (what: string): string => (long ? `bits per ${what}` : `bits/${what}`);
  const perToken = `${r.bitsPerToken.toFixed(3)} ${unit("token")}`;
  return r.bpb === undefined ? perToken : `${r.bpb.toFixed(3)} ${unit("byte")}, ${perToken}`;
}

/** Nats → bits (÷ ln 2): a loss per token in bits per token. */
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
  /** A model with early exits: the mean 1-based layer its exit rule stopped at (L = the full model). */
  readonly meanExitLayer?: number;
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
  opts: { batch: number; step: number; bytesPerToken: Uint8Array; exitThreshold?: number },
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
    const batch = { tokens, batch: rows, width };
    const s = await batchScore(model, params, batch, opts.step, opts.exitThreshold);
    exitSum += s.exitLayers ?? 0;
    return s.loss * rows * (width - 1);
  };
  let exitSum = 0;
  let nats = 0;
  for (let w = 0; w < full; w += opts.batch)
    nats += await windowNats(w, Math.min(opts.batch, full - w), C + 1);
  if (windows > full) nats += await windowNats(full, 1, predicted - full * C + 1);
  const bytes = idBytes(ids, opts.bytesPerToken, 1, ids.length); // every id but the first is a target
  const loss = nats / predicted;
  return {
    loss,
    perplexity: Math.exp(loss),
    bitsPerToken: toBits(loss),
    bitsPerByte: bytes === 0 ? NaN : bitsPerByte(nats, bytes),
    tokens: predicted,
    bytes,
    windows,
    ...(model.meta.exits !== undefined ? { meanExitLayer: exitSum / predicted } : {}),
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

/**
 * Mean cross-entropy of `batch` under the model's exit rule (runtime/decode/exit-rule.ts; the
 * model's own logits without exits), and the sum of the exit layers of its positions.
 */
export async function batchScore(
  model: CompiledModel,
  params: Params,
  batch: Batch,
  step: number,
  exitThreshold?: number,
): Promise<{ loss: number; exitLayers?: number }> {
  const [t, layers] = tf.tidy((): [tf.Scalar, tf.Scalar | undefined] => {
    const { x, y } = batchTensors(batch);
    const ctx = { training: false, step, aux: NO_AUX, seed: 0 };
    const c = exitForward(model, params, x, ctx, exitThreshold);
    return [
      crossEntropy(c.logits, y),
      c.layers === undefined ? undefined : tf.sum<tf.Tensor>(c.layers).asScalar(),
    ];
  });
  try {
    const loss = (await t.data())[0]!;
    return layers === undefined ? { loss } : { loss, exitLayers: (await layers.data())[0]! };
  } finally {
    t.dispose();
    layers?.dispose();
  }
}
