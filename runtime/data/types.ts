// The data contract of the training loop: batches of token ids [B, T+1] (inputs are the first T
// columns, targets the last T), a fixed validation set, and a saveable position for --resume.
import type { Tokenizer } from "./tokenizer.ts";

/** One batch: `tokens` holds B rows of T+1 ids, row-major (inputs = [:, :T], targets = [:, 1:]). */
export interface Batch {
  readonly tokens: Int32Array;
  readonly batch: number;
  /** T+1. */
  readonly width: number;
}

/** The resumable position of a dataset: how many training batches it has handed out. */
export interface DataState {
  readonly cursor: number;
}

export interface Dataset {
  /** Short description for logs (`sotu: 10.2 MB train, 0.54 MB validation, byte tokens`). */
  readonly description: string;
  /** The number of distinct token ids the data uses (the tokenizer's vocabulary for text). */
  readonly vocab: number;
  /** How text became the ids (text data); absent for synthetic tasks, whose ids stand for no text. */
  readonly tokenizer?: Tokenizer;
  readonly batch: number;
  /** Sequence length T (the model's context). */
  readonly context: number;
  /** The next training batch; deterministic given the seed and the cursor. */
  nextTrain(): Batch;
  /** The fixed validation batches (the same every call). */
  validation(maxBatches: number): Batch[];
  getState(): DataState;
  setState(state: DataState): void;
  /**
   * The training split's token counts (counts[id]), for hash routing's frequency-balanced tables;
   * null or absent when the data has no fixed corpus (the synthetic tasks draw their ids uniformly).
   */
  trainTokenCounts?(): Float64Array | null;
}
