// Atomic checkpoint writing: everything goes to `checkpoints/.tmp-step-XXXXXX-<pid>/`, each file is
// fsynced, the folder is renamed to `step-XXXXXX`, then `latest` is replaced by rename. Old
// checkpoints beyond `keep` are removed after the pointer moves.
// Test hook: ARCHC_TEST_CHECKPOINT_PAUSE_MS=n writes half of tensors.bin, prints a line with
// "checkpoint writer paused" to stderr, and blocks for n ms (so a test can SIGKILL mid-write);
// ARCHC_TEST_CHECKPOINT_PAUSE_STEP=s limits that to the checkpoint of step s.
import {
  closeSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";
import { join } from "node:path";
import { sha256Hex } from "./verify.ts";
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  LATEST_FILE,
  MANIFEST_FILE,
  TENSORS_FILE,
  checkpointDirName,
  isCheckpointDirName,
  type CheckpointManifest,
  type TensorEntry,
  type TensorRecord,
} from "./format.ts";

export interface CheckpointInfo {
  readonly step: number;
  readonly optimizerStep: number;
  readonly data: CheckpointManifest["data"];
  readonly seed: number;
  readonly model: string;
  /** The growth stage of the model the tensors belong to (grow sections; 0 = the base model). */
  readonly growStage?: number;
  /** The run's hash-routing tables (model state that is not trained; see ops/hash-tables.ts). */
  readonly hashTables?: CheckpointManifest["hashTables"];
}

function writeFileSynced(
  path: string,
  chunks: readonly Uint8Array[],
  pauseAfterHalf: number | false = false,
): void {
  const fd = openSync(path, "w");
  try {
    const half = Math.ceil(chunks.length / 2);
    chunks.forEach((c, i) => {
      let done = 0;
      while (done < c.length) done += writeSync(fd, c, done, c.length - done);
      if (pauseAfterHalf !== false && i === half - 1) testPause(pauseAfterHalf);
    });
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

function testPause(step: number): void {
  const ms = Number(process.env["ARCHC_TEST_CHECKPOINT_PAUSE_MS"] ?? 0);
  const only = process.env["ARCHC_TEST_CHECKPOINT_PAUSE_STEP"];
  if (!(ms > 0) || (only !== undefined && Number(only) !== step)) return;
  process.stderr.write(`archc-test: checkpoint writer paused at step ${step}\n`);
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function fsyncDir(dir: string): void {
  try {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  } catch {
    // Some file systems do not allow fsync on a directory; the renames are still atomic.
  }
}

/** Writes a checkpoint under `<runDir>/checkpoints/` and points `latest` at it; returns its path. */
export function writeCheckpoint(
  runDir: string,
  info: CheckpointInfo,
  tensors: readonly TensorRecord[],
  keep = 3,
): string {
  const root = join(runDir, "checkpoints");
  mkdirSync(root, { recursive: true });
  const name = checkpointDirName(info.step);
  const tmp = join(root, `.tmp-${name}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);

  const entries: TensorEntry[] = [];
  const chunks: Uint8Array[] = [];
  let offset = 0;
  for (const t of tensors) {
    const bytes = new Uint8Array(t.values.buffer, t.values.byteOffset, t.values.byteLength);
    entries.push({
      name: t.name,
      group: t.group,
      shape: [...t.shape],
      dtype: "float32",
      offset,
      length: bytes.length,
      sha256: sha256Hex(bytes),
    });
    chunks.push(bytes);
    offset += bytes.length;
  }
  const manifest: CheckpointManifest = {
    format: CHECKPOINT_FORMAT,
    version: CHECKPOINT_VERSION,
    step: info.step,
    optimizerStep: info.optimizerStep,
    data: info.data,
    rng: { seed: info.seed },
    model: info.model,
    ...(info.growStage !== undefined ? { growStage: info.growStage } : {}),
    ...(info.hashTables !== undefined && Object.keys(info.hashTables).length > 0
      ? { hashTables: info.hashTables }
      : {}),
    tensors: entries,
    dataBytes: offset,
    createdAt: new Date().toISOString(),
  };
  writeFileSynced(join(tmp, TENSORS_FILE), chunks, info.step);
  writeFileSynced(join(tmp, MANIFEST_FILE), [
    Buffer.from(JSON.stringify(manifest, null, 1) + "\n"),
  ]);
  fsyncDir(tmp);

  const final = join(root, name);
  rmSync(final, { recursive: true, force: true });
  renameSync(tmp, final);
  fsyncDir(root);

  const latestTmp = join(root, `${LATEST_FILE}.tmp-${process.pid}`);
  writeFileSynced(latestTmp, [Buffer.from(name + "\n")]);
  renameSync(latestTmp, join(root, LATEST_FILE));
  fsyncDir(root);

  pruneCheckpoints(root, name, keep);
  return final;
}

/** Removes leftovers of interrupted writes and all but the newest `keep` checkpoints. */
export function pruneCheckpoints(root: string, newest: string, keep: number): void {
  const names = readdirSync(root);
  for (const n of names) {
    if (n.startsWith(".tmp-") || n.startsWith(`${LATEST_FILE}.tmp-`))
      rmSync(join(root, n), { recursive: true, force: true });
  }
  if (keep <= 0) return;
  const stepOf = (n: string): number => Number(n.slice(5));
  const steps = names
    .filter(isCheckpointDirName)
    .filter((n) => stepOf(n) <= stepOf(newest))
    .sort((a, b) => stepOf(b) - stepOf(a));
  for (const n of steps.slice(Math.max(keep, 1)))
    if (n !== newest) rmSync(join(root, n), { recursive: true, force: true });
}
