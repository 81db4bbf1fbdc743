// Text datasets: a split corpus (text.ts) tokenised once, train and validation separately, into
// token ids held in memory; the bundled corpus's ids are cached for the life of the process.
// Training rows are windows of T+1 ids at offsets drawn from a PRNG seeded by (seed, batch index),
// so batch k is the same whether or not the run was interrupted: the only state to save is the
// cursor. Validation is a fixed set of non-overlapping, evenly spaced windows of the validation ids.
import { Rng, mixSeed } from "../init.ts";
import { RuntimeUserError } from "../errors.ts";
import { tokenCounts } from "../ops/hash-tables.ts";
import type { Batch, DataState, Dataset } from "./types.ts";
import type { TextCorpus } from "./text.ts";
import { tokenizerFor, utf8Text, type Tokenizer } from "./tokenizer.ts";

/** Token ids of one split: the bytes themselves for the bytes tokenizer, 16-bit ids for gpt2. */
export type TokenIds = Uint8Array | Uint16Array | Int32Array;

/** A corpus as token ids. */
export interface TokenCorpus {
  readonly train: TokenIds;
  readonly validation: TokenIds;
}

const sotuCache = new Map<string, TokenCorpus>();

/** The ids of `bytes` (UTF-8 text) under `tokenizer`, in the smallest array that holds them. */
export function tokenIds(bytes: Uint8Array, tokenizer: Tokenizer): TokenIds {
  if (tokenizer.name === "bytes") return bytes;
  const ids = tokenizer.encode(utf8Text(bytes));
  return tokenizer.vocabSize <= 65536 ? Uint16Array.from(ids) : Int32Array.from(ids);
}

/** Tokenises both splits (once per process for the bundled corpus), checking each holds a window. */
export function tokenize(corpus: TextCorpus, tokenizer: Tokenizer, context: number): TokenCorpus {
  const key = `${tokenizer.name}:${corpus.train.length}:${corpus.validation.length}`;
  const cached = corpus.name === "sotu" ? sotuCache.get(key) : undefined;
  if (cached !== undefined) return cached;
  const out = {
    train: tokenIds(corpus.train, tokenizer),
    validation: tokenIds(corpus.validation, tokenizer),
  };
  const need = context + 1;
  if (out.train.length < need || out.validation.length < need) {
    throw new RuntimeUserError(
      `Data file '${corpus.name}' is too short for the ${tokenizer.name} tokenizer: its training split is ` +
        `${out.train.length} tokens and its validation split ${out.validation.length} tokens, but each needs ` +
        `at least context + 1 = ${need}. Use a longer file.`,
    );
  }
  if (corpus.name === "sotu") sotuCache.set(key, out);
  return out;
}

export class TextDataset implements Dataset {
  readonly vocab: number;
  readonly description: string;
  private readonly ids: TokenCorpus;
  private cursor = 0;

  constructor(
    readonly corpus: TextCorpus,
    readonly batch: number,
    readonly context: number,
    readonly seed: number,
    readonly tokenizer: Tokenizer = tokenizerFor("bytes"),
  ) {
    this.vocab = tokenizer.vocabSize;
    this.ids = tokenize(corpus, tokenizer, context);
    const mb = (n: number): string => (n >= 1e5 ? `${(n / 1e6).toFixed(2)} MB` : `${n} bytes`);
    const sizes = `${mb(corpus.train.length)} train, ${mb(corpus.validation.length)} validation`;
    const count = (n: number): string => n.toLocaleString("en-US");
    this.description =
      tokenizer.name === "bytes"
        ? `${corpus.name}: ${sizes}, byte tokens`
        : `${corpus.name}: ${sizes}, ${tokenizer.name} tokens (${count(this.ids.train.length)} train, ${count(this.ids.validation.length)} validation)`;
  }

  /** How often each token id occurs in the training split (hash routing balances over these). */
  trainTokenCounts(): Float64Array {
    return tokenCounts(this.ids.train, this.vocab);
  }

  nextTrain(): Batch {
    const T1 = this.context + 1;
    const src = this.ids.train;
    const rng = new Rng(mixSeed(this.seed, "train", this.cursor));
    this.cursor += 1;
    const tokens = new Int32Array(this.batch * T1);
    const span = src.length - T1 + 1;
    for (let b = 0; b < this.batch; b++) {
      const off = Math.floor(rng.uniform() * span);
      tokens.set(src.subarray(off, off + T1), b * T1);
    }
    return { tokens, batch: this.batch, width: T1 };
  }

  validation(maxBatches: number): Batch[] {
    return windowBatches(this.ids.validation, this.batch, this.context, maxBatches);
  }

  getState(): DataState {
    return { cursor: this.cursor };
  }

  setState(state: DataState): void {
    if (!Number.isInteger(state.cursor) || state.cursor < 0) {
      throw new RuntimeUserError(
        `Invalid data position in checkpoint: cursor ${String(state.cursor)}.`,
      );
    }
    this.cursor = state.cursor;
  }
}

/** Up to maxBatches·B non-overlapping windows of T+1 tokens, evenly spaced over `src`. */
export function windowBatches(
  src: TokenIds,
  batch: number,
  context: number,
  maxBatches: number,
): Batch[] {
  const T1 = context + 1;
  const available = Math.floor((src.length - 1) / context);
  const count = Math.max(1, Math.min(available, maxBatches * batch));
  const out: Batch[] = [];
  for (let start = 0; start < count; start += batch) {
    const rows = Math.min(batch, count - start);
    const tokens = new Int32Array(rows * T1);
    for (let r = 0; r < rows; r++) {
      const off = Math.floor(((start + r) * available) / count) * context;
      tokens.set(src.subarray(off, off + T1), r * T1);
    }
    out.push({ tokens, batch: rows, width: T1 });
  }
  return out;
}
