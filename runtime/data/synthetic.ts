// Synthetic tasks for tests and quick checks, over the model's own vocabulary:
//   copy(length L):   [r1..rL, 0, r1..rL, 0, s1..sL, 0, s1..sL, 0, …]: random blocks, each repeated
//                     once after a separator 0 (the repeat is predictable, the first copy is not).
//   recall(pairs n):  [k1 v1 … kn vn, q v(q), q' v(q'), …]: keys from [1, V/2), values from [V/2, V),
//                     then queries of earlier keys, each followed by its value.
// Like ByteDataset, batch k depends only on (seed, k); validation uses a separate seed stream.
import { Rng, mixSeed } from "../init.ts";
import { RuntimeUserError } from "../errors.ts";
import type { Batch, DataState, Dataset } from "./types.ts";

type RowFn = (rng: Rng, out: Int32Array, at: number, width: number) => void;

class SyntheticDataset implements Dataset {
  private cursor = 0;

  constructor(
    readonly description: string,
    readonly vocab: number,
    readonly batch: number,
    readonly context: number,
    readonly seed: number,
    private readonly row: RowFn,
  ) {}

  private make(stream: string, index: number, rows: number): Batch {
    const width = this.context + 1;
    const rng = new Rng(mixSeed(this.seed, stream, index));
    const tokens = new Int32Array(rows * width);
    for (let r = 0; r < rows; r++) this.row(rng, tokens, r * width, width);
    return { tokens, batch: rows, width };
  }

  nextTrain(): Batch {
    return this.make("train", this.cursor++, this.batch);
  }

  validation(maxBatches: number): Batch[] {
    return Array.from({ length: Math.max(1, maxBatches) }, (_, i) =>
      this.make("validation", i, this.batch),
    );
  }

  getState(): DataState {
    return { cursor: this.cursor };
  }

  setState(state: DataState): void {
    this.cursor = state.cursor;
  }

  /** No fixed corpus: hash tables stay id-balanced. */
  trainTokenCounts(): null {
    return null;
  }
}

const int = (rng: Rng, lo: number, hi: number): number =>
  lo + Math.floor(rng.uniform() * (hi - lo));

/** The copy task over ids [1, vocab) with separator 0. */
export function copyTask(
  length: number,
  vocab: number,
  batch: number,
  context: number,
  seed: number,
): Dataset {
  if (!(Number.isInteger(length) && length >= 1))
    throw new RuntimeUserError(`copy(length: ${length}): length must be a positive integer.`);
  if (vocab < 3)
    throw new RuntimeUserError(
      `The copy task needs a vocabulary of at least 3 tokens, the model has ${vocab}.`,
    );
  const row: RowFn = (rng, out, at, width) => {
    let i = 0;
    while (i < width) {
      const block = Array.from({ length }, () => int(rng, 1, vocab));
      for (const seq of [block, block]) {
        for (const t of [...seq, 0]) if (i < width) out[at + i++] = t;
      }
    }
  };
  return new SyntheticDataset(`copy(length: ${length})`, vocab, batch, context, seed, row);
}

/** Associative recall with `pairs` distinct keys per row. */
export function recallTask(
  pairs: number,
  vocab: number,
  batch: number,
  context: number,
  seed: number,
): Dataset {
  const half = Math.floor(vocab / 2);
  if (!(Number.isInteger(pairs) && pairs >= 1))
    throw new RuntimeUserError(`recall(pairs: ${pairs}): pairs must be a positive integer.`);
  if (half - 1 < pairs)
    throw new RuntimeUserError(
      `recall(pairs: ${pairs}) needs a vocabulary of at least ${2 * pairs + 2} tokens, the model has ${vocab}.`,
    );
  if (2 * pairs + 2 > context + 1)
    throw new RuntimeUserError(
      `recall(pairs: ${pairs}) needs a context of at least ${2 * pairs + 1}, the model has ${context}.`,
    );
  const row: RowFn = (rng, out, at, width) => {
    const keys: number[] = [];
    while (keys.length < pairs) {
      const k = int(rng, 1, half);
      if (!keys.includes(k)) keys.push(k);
    }
    const values = keys.map(() => int(rng, half, vocab));
    let i = 0;
    for (let p = 0; p < pairs && i < width; p++) {
      out[at + i++] = keys[p]!;
      if (i < width) out[at + i++] = values[p]!;
    }
    while (i < width) {
      const q = int(rng, 0, pairs);
      out[at + i++] = keys[q]!;
      if (i < width) out[at + i++] = values[q]!;
    }
  };
  return new SyntheticDataset(`recall(pairs: ${pairs})`, vocab, batch, context, seed, row);
}
