// The checkpoint format. A checkpoint is a folder `checkpoints/step-XXXXXX/` holding
//   manifest.json  — format/version, step, optimizer step, data position, seed, the hash-routing
//                    tables (hash layers only), and for every tensor its name, group
//                    (param | m | v), shape, dtype, byte offset/length and the sha256 of its
//                    bytes (version 2; version 1 had no checksums)
//   tensors.bin    — the float32 values of every tensor, little-endian, back to back
// and `checkpoints/latest` names the newest complete one. Both are written atomically (temp dir +
// fsync + rename; latest.tmp + fsync + rename), so a run killed at any moment resumes from the
// last complete checkpoint.
import type { DataState } from "../data/types.ts";
import type { RecordedHashTable } from "../ops/hash-tables.ts";

export const CHECKPOINT_FORMAT = "archc-checkpoint";
export const CHECKPOINT_VERSION = 2;
/** The first version whose tensors carry a sha256 (older ones are read unverified, with a note). */
export const CHECKSUM_VERSION = 2;
export const MANIFEST_FILE = "manifest.json";
export const TENSORS_FILE = "tensors.bin";
export const LATEST_FILE = "latest";

export type TensorGroup = "param" | "m" | "v";

export interface TensorEntry {
  readonly name: string;
  readonly group: TensorGroup;
  readonly shape: readonly number[];
  readonly dtype: "float32";
  /** Byte offset into tensors.bin. */
  readonly offset: number;
  /** Byte length (4 × element count). */
  readonly length: number;
  /** Hex sha256 of the tensor's bytes (absent in version 1 checkpoints). */
  readonly sha256?: string;
}

export interface CheckpointManifest {
  readonly format: typeof CHECKPOINT_FORMAT;
  readonly version: number;
  /** Updates completed when the checkpoint was taken. */
  readonly step: number;
  /** The optimizer's own update counter (bias correction). */
  readonly optimizerStep: number;
  /** Where the training data stream is. */
  readonly data: DataState;
  /** Randomness is derived from (seed, step), so the seed is the whole RNG state. */
  readonly rng: { readonly seed: number };
  readonly model: string;
  /** Growth stage of the tensors (absent: 0, the base model). */
  readonly growStage?: number;
  /** Hash-routing tables by layer name (model state, not trained; absent: no hash layers). */
  readonly hashTables?: Readonly<Record<string, RecordedHashTable>>;
  readonly tensors: readonly TensorEntry[];
  readonly dataBytes: number;
  readonly createdAt: string;
}

/** One tensor's values in a checkpoint. */
export interface TensorRecord {
  readonly name: string;
  readonly group: TensorGroup;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** `step-000040`. */
export function checkpointDirName(step: number): string {
  return `step-${String(step).padStart(6, "0")}`;
}

export function isCheckpointDirName(name: string): boolean {
  return /^step-\d{6,}$/.test(name);
}
