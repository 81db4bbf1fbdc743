// Builds the Dataset a train config asks for, checked against the model's vocabulary and context.
import { RuntimeUserError } from "../errors.ts";
import type { DataSpec } from "../train/config.ts";
import { loadSotu } from "./sotu.ts";
import { copyTask, recallTask } from "./synthetic.ts";
import { DEFAULT_VALIDATION, loadTextFile } from "./text.ts";
import { TextDataset } from "./text-dataset.ts";
import { tokenizerFor } from "./tokenizer.ts";
import type { Dataset } from "./types.ts";

export type { Batch, DataState, Dataset } from "./types.ts";
export { TextDataset, tokenize, windowBatches, type TokenIds } from "./text-dataset.ts";
export { tokenizerFor, tokenByteLengths, type Tokenizer } from "./tokenizer.ts";
export { copyTask, recallTask } from "./synthetic.ts";
export { loadSotu, sotuBytes } from "./sotu.ts";
export { loadTextFile, readTextFile, splitCorpus, type TextCorpus } from "./text.ts";

export interface DataShape {
  readonly vocab: number;
  readonly context: number;
  readonly batch: number;
  readonly seed: number;
}

/** The dataset for `spec`, for a model with the given vocabulary and context. */
export function makeDataset(spec: DataSpec, shape: DataShape): Dataset {
  const { vocab, context, batch, seed } = shape;
  switch (spec.kind) {
    case "text": {
      const tokenizer = tokenizerFor(spec.tokenizer ?? "bytes");
      if (vocab < tokenizer.vocabSize) {
        throw new RuntimeUserError(
          `The ${tokenizer.name} tokenizer makes ${tokenizer.vocabSize} token ids, but the model's vocab is ${vocab}.`,
        );
      }
      const v = spec.validation ?? DEFAULT_VALIDATION;
      const corpus =
        spec.source === "sotu" ? loadSotu(v, context) : loadTextFile(spec.source.file, v, context);
      return new TextDataset(corpus, batch, context, seed, tokenizer);
    }
    case "copy":
      return copyTask(spec.length, vocab, batch, context, seed);
    case "recall":
      return recallTask(spec.pairs, vocab, batch, context, seed);
  }
}

/** `sotu`, the file name, or the synthetic task, for messages. */
export function describeData(spec: DataSpec): string {
  if (spec.kind === "text") return spec.source === "sotu" ? "sotu" : spec.source.file;
  return spec.kind === "copy" ? `copy(length: ${spec.length})` : `recall(pairs: ${spec.pairs})`;
}
