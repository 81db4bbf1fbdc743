// Byte-level datasets over a split text corpus. Training rows are windows of T+1 bytes at offsets
// drawn from a PRNG seeded by (seed, batch index), so batch k is the same whether or not the run
// was interrupted: the only state to save is the cursor. Validation is a fixed set of
// non-overlapping, evenly spaced windows of the validation split.
import { Rng, mixSeed } from "../init.ts";
import { RuntimeUserError } from "../errors.ts";
import { tokenCounts } from "../ops/hash-tables.ts";
import type { Batch, DataState, Dataset } from "./types.ts";
import type { TextCorpus } from "./text.ts";

export class ByteDataset implements Dataset {
  readonly vocab = 256;
  readonly bytes = true;
  readonly description: string;
  private cursor = 0;

  constructor(
    readonly corpus: TextCorpus,
    readonly batch: number,
    readonly context: number,
    readonly seed: number,
  ) {
    const mb = (n: number): string => (n >= 1e5 ? `${(n / 1e6).toFixed(2)} MB` : `${n} bytes`);
    this.description = `${corpus.name}: ${mb(corpus.train.length)} train, ${mb(corpus.validation.length)} validation, byte tokens`;
  }

  trainTokenCounts(): Float64Array {
    return tokenCounts(this.corpus.train, this.vocab);
  }

  nextTrain(): Batch {
    const T1 = this.context + 1;
    const src = this.corpus.train;
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
    return windowBatches(this.corpus.validation, this.batch, this.context, maxBatches);
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
  src: Uint8Array,
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
