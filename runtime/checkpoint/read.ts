// Finding and reading checkpoints, every one checked on read (verify.ts: manifest structure,
// sizes, per-tensor sha256). The newest step-* folder is the run's checkpoint; when it is corrupt
// that is reported, naming the last good one, never skipped in silence. Half-written `.tmp-*`
// folders are never read (a checkpoint becomes step-* only once complete: write.ts).
import { existsSync, readdirSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import {
  isCheckpointDirName,
  MANIFEST_FILE,
  type CheckpointManifest,
  type TensorRecord,
} from "./format.ts";
import { inspectCheckpoint } from "./verify.ts";

/** The newest checkpoint of a run is corrupt; `lastGood` is the newest one that is not (or null). */
export class CorruptCheckpointError extends RuntimeUserError {
  constructor(
    readonly checkpoint: string,
    readonly problem: string,
    readonly lastGood: string | null,
    message: string,
  ) {
    super(message);
  }
}

export interface ReadOptions {
  /** Told when a checkpoint has no checksums (written by an older archc) and is read unverified. */
  readonly note?: (text: string) => void;
}

/** The manifest of a sound checkpoint folder, or null when it is missing, incomplete or corrupt. */
export function readManifest(dir: string): CheckpointManifest | null {
  const r = inspectCheckpoint(dir);
  return r.ok ? r.manifest : null;
}

/**
 * The path of a run's newest checkpoint, or null when it has none. A corrupt newest checkpoint
 * is a CorruptCheckpointError naming the last good one.
 */
export function findLatestCheckpoint(runDir: string): string | null {
  const root = join(runDir, "checkpoints");
  if (!existsSync(root)) return null;
  const names = readdirSync(root)
    .filter(isCheckpointDirName)
    .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)));
  const corrupt: { dir: string; problem: string }[] = [];
  let lastGood: string | null = null;
  for (const n of names) {
    const r = inspectCheckpoint(join(root, n));
    if (r.ok) {
      lastGood = join(root, n);
      break;
    }
    corrupt.push({ dir: join(root, n), problem: r.problem });
  }
  if (corrupt.length === 0) return lastGood;
  const [newest, ...older] = corrupt;
  const also =
    older.length === 0 ? "" : ` (so are ${older.map((c) => basename(c.dir)).join(", ")})`;
  const rest =
    lastGood === null
      ? "no good checkpoint remains."
      : `the last good checkpoint is ${basename(lastGood)}: use \`archc export ${lastGood}\`, ` +
        `or move ${basename(newest!.dir)} out of ${root} to resume from ${basename(lastGood)}.`;
  throw new CorruptCheckpointError(
    newest!.dir,
    newest!.problem,
    lastGood,
    `Checkpoint ${newest!.dir} is corrupt (${newest!.problem})${also}; ${rest}`,
  );
}

/** Whether `path` is a checkpoint folder (it holds a manifest), not a run directory. */
export function isCheckpointDir(path: string): boolean {
  return existsSync(join(path, MANIFEST_FILE));
}

/** The run directory `path` names: a checkpoint folder's run (RUN/checkpoints/step-…), else `path`. */
export function runDirOf(path: string): string {
  return isCheckpointDir(path) ? dirname(dirname(path)) : path;
}

/**
 * The checkpoint `path` names: `path` itself when it is a checkpoint folder, else the newest
 * complete checkpoint of the run directory `path` (null when it has none; a corrupt newest one is a
 * CorruptCheckpointError naming the last good one). Each caller words its own "no checkpoint".
 */
export function checkpointAt(path: string): string | null {
  return isCheckpointDir(path) ? path : findLatestCheckpoint(path);
}

/** Reads a checkpoint's manifest and every tensor's values, after checking them. */
export function readCheckpoint(
  dir: string,
  opts: ReadOptions = {},
): { manifest: CheckpointManifest; tensors: TensorRecord[] } {
  const r = inspectCheckpoint(dir);
  if (!r.ok) throw new RuntimeUserError(`Checkpoint ${dir} is corrupt (${r.problem}).`);
  if (!r.verified)
    opts.note?.(
      `note: checkpoint ${dir} has no checksums (written by an older archc): its values are read unverified.`,
    );
  const tensors = r.manifest.tensors.map((e) => {
    const copy = new Uint8Array(e.length);
    copy.set(r.data.subarray(e.offset, e.offset + e.length));
    return { name: e.name, group: e.group, shape: e.shape, values: new Float32Array(copy.buffer) };
  });
  return { manifest: r.manifest, tensors };
}
