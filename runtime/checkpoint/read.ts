// Finding and reading checkpoints. `latest` is trusted only if the folder it names is complete
// (manifest parses, tensors.bin has the declared size); otherwise the newest complete step-* folder
// wins. Half-written `.tmp-*` folders are never read.
import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import {
  CHECKPOINT_FORMAT,
  LATEST_FILE,
  MANIFEST_FILE,
  TENSORS_FILE,
  isCheckpointDirName,
  type CheckpointManifest,
  type TensorRecord,
} from "./format.ts";

/** The manifest of a complete checkpoint folder, or null when it is missing or incomplete. */
export function readManifest(dir: string): CheckpointManifest | null {
  try {
    const m = JSON.parse(readFileSync(join(dir, MANIFEST_FILE), "utf8")) as CheckpointManifest;
    if (m.format !== CHECKPOINT_FORMAT || !Array.isArray(m.tensors)) return null;
    if (statSync(join(dir, TENSORS_FILE)).size !== m.dataBytes) return null;
    return m;
  } catch {
    return null;
  }
}

/** The path of the newest complete checkpoint of a run, or null when there is none. */
export function findLatestCheckpoint(runDir: string): string | null {
  const root = join(runDir, "checkpoints");
  if (!existsSync(root)) return null;
  try {
    const name = readFileSync(join(root, LATEST_FILE), "utf8").trim();
    if (isCheckpointDirName(name) && readManifest(join(root, name)) !== null)
      return join(root, name);
  } catch {
    // No pointer yet, or unreadable: fall back to scanning.
  }
  const names = readdirSync(root)
    .filter(isCheckpointDirName)
    .sort((a, b) => Number(b.slice(5)) - Number(a.slice(5)));
  for (const n of names) if (readManifest(join(root, n)) !== null) return join(root, n);
  return null;
}

/** Reads a checkpoint's manifest and every tensor's values. */
export function readCheckpoint(dir: string): {
  manifest: CheckpointManifest;
  tensors: TensorRecord[];
} {
  const manifest = readManifest(dir);
  if (manifest === null)
    throw new RuntimeUserError(`Checkpoint '${dir}' is missing or incomplete.`);
  const buf = readFileSync(join(dir, TENSORS_FILE));
  const tensors = manifest.tensors.map((e) => {
    const copy = new Uint8Array(e.length);
    copy.set(buf.subarray(e.offset, e.offset + e.length));
    return { name: e.name, group: e.group, shape: e.shape, values: new Float32Array(copy.buffer) };
  });
  return { manifest, tensors };
}
