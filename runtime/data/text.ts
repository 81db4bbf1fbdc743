// Loading text corpora as bytes: a user's file (`--data FILE`) with clear errors for a missing,
// empty, binary or too-short file, and the deterministic train/validation split.
//
// The split is a fixed tail fraction: the last `validation` fraction of the bytes (default 5%) is
// the validation set, the rest is training data (cut at a character boundary). The split is in
// bytes for every tokenizer, so each one is validated on the same text. For the bundled corpus the documents are joined
// in chronological order first (see sotu.ts), so validation is the most recent addresses.
import { readFileSync, statSync } from "node:fs";
import { TRAIN_DEFAULTS } from "../../spec/train.ts";
import { RuntimeUserError } from "../errors.ts";

export const DEFAULT_VALIDATION = TRAIN_DEFAULTS.validation;

/** A byte corpus split into training and validation bytes. */
export interface TextCorpus {
  readonly name: string;
  readonly train: Uint8Array;
  readonly validation: Uint8Array;
}

/** Reads a text file as bytes, or throws a RuntimeUserError naming the file and the problem. */
export function readTextFile(path: string): Uint8Array {
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory())
      throw new RuntimeUserError(`Data file '${path}' is a directory, not a text file.`);
    size = st.size;
  } catch (err) {
    if (err instanceof RuntimeUserError) throw err;
    const code = (err as { code?: string }).code;
    if (code === "ENOENT") throw new RuntimeUserError(`Data file '${path}' does not exist.`);
    throw new RuntimeUserError(`Data file '${path}' cannot be read (${code ?? String(err)}).`);
  }
  if (size === 0)
    throw new RuntimeUserError(`Data file '${path}' is empty: it needs text to train on.`);
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new RuntimeUserError(`Data file '${path}' cannot be read (${code ?? String(err)}).`);
  }
  const why = binaryReason(bytes);
  if (why !== null) {
    throw new RuntimeUserError(
      `Data file '${path}' does not look like text (${why}). Train on a plain text file.`,
    );
  }
  return bytes;
}

/** Why bytes look binary (a NUL byte, or more than 10% control bytes in the first 64 KiB), or null. */
export function binaryReason(bytes: Uint8Array): string | null {
  const nul = bytes.indexOf(0);
  if (nul >= 0) return `it contains a NUL byte at offset ${nul}`;
  const n = Math.min(bytes.length, 65536);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if ((b < 32 && b !== 9 && b !== 10 && b !== 13 && b !== 12) || b === 127) control++;
  }
  if (control > n * 0.1)
    return `${Math.round((100 * control) / n)}% of its first ${n} bytes are control characters`;
  return null;
}

/** Splits bytes at the tail fraction `validation` and checks that both parts hold a full window. */
export function splitCorpus(
  name: string,
  bytes: Uint8Array,
  validation: number,
  context: number,
): TextCorpus {
  if (!(validation > 0 && validation < 1)) {
    throw new RuntimeUserError(
      `The validation fraction must be between 0 and 1 (exclusive), got ${validation}.`,
    );
  }
  // The cut moves back to the start of a UTF-8 character, so both splits decode to whole text.
  let cut = Math.floor(bytes.length * (1 - validation));
  while (cut > 0 && (bytes[cut]! & 0xc0) === 0x80) cut--;
  const train = bytes.subarray(0, cut);
  const val = bytes.subarray(cut);
  const need = context + 1;
  if (train.length < need || val.length < need) {
    const minSize = Math.ceil(need / Math.min(validation, 1 - validation)) + 1;
    throw new RuntimeUserError(
      `Data file '${name}' is too short: ${bytes.length} bytes, but its training split (${train.length} bytes) ` +
        `and its validation split (the last ${Math.round(validation * 100)}%, ${val.length} bytes) each need at least ` +
        `context + 1 = ${need} bytes. Use a file of at least ${minSize} bytes.`,
    );
  }
  return { name, train, validation: val };
}

/** A user's text file, read and split. */
export function loadTextFile(path: string, validation: number, context: number): TextCorpus {
  return splitCorpus(path, readTextFile(path), validation, context);
}
