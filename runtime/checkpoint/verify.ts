// Checking a checkpoint on read: the manifest's structure (format, version, every tensor's
// shape, byte length and offset inside tensors.bin, no overlaps), tensors.bin's size, and every
// tensor's sha256. A problem is described in words ("tensor w checksum mismatch") for the
// messages of read.ts; a version 1 checkpoint has no checksums and is read unverified.
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import {
  CHECKPOINT_FORMAT,
  CHECKPOINT_VERSION,
  CHECKSUM_VERSION,
  MANIFEST_FILE,
  TENSORS_FILE,
  type CheckpointManifest,
  type TensorEntry,
} from "./format.ts";

/** Hex sha256 of bytes (each tensor's checksum). */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export type Inspection =
  | {
      readonly ok: true;
      readonly manifest: CheckpointManifest;
      readonly data: Buffer;
      /** False for a checkpoint written before checksums (version 1). */
      readonly verified: boolean;
    }
  | { readonly ok: false; readonly problem: string };

const bad = (problem: string): Inspection => ({ ok: false, problem });

/** What is wrong with one manifest entry against a data file of `size` bytes, or undefined. */
function entryProblem(e: TensorEntry, size: number): string | undefined {
  const name = typeof e?.name === "string" ? e.name : "?";
  if (!Array.isArray(e?.shape) || !e.shape.every((d) => Number.isInteger(d) && d >= 0))
    return `tensor ${name} has no valid shape`;
  if (e.dtype !== "float32") return `tensor ${name} has dtype ${String(e.dtype)}, not float32`;
  const want = 4 * e.shape.reduce((a, b) => a * b, 1);
  if (e.length !== want)
    return `tensor ${name} of shape [${e.shape.join(", ")}] needs ${want} bytes, the manifest says ${String(e.length)}`;
  if (!Number.isInteger(e.offset) || e.offset < 0 || e.offset + e.length > size)
    return `tensor ${name} lies outside ${TENSORS_FILE} (bytes ${String(e.offset)}..${String(e.offset + e.length)} of ${size})`;
  return undefined;
}

/** Reads and checks a checkpoint folder completely. */
export function inspectCheckpoint(dir: string): Inspection {
  const manifestPath = join(dir, MANIFEST_FILE);
  const dataPath = join(dir, TENSORS_FILE);
  if (!existsSync(manifestPath)) return bad(`it has no ${MANIFEST_FILE}`);
  let m: CheckpointManifest;
  try {
    m = JSON.parse(readFileSync(manifestPath, "utf8")) as CheckpointManifest;
  } catch (err) {
    return bad(`${MANIFEST_FILE} is not valid JSON: ${(err as Error).message}`);
  }
  if (m === null || typeof m !== "object" || m.format !== CHECKPOINT_FORMAT)
    return bad(`${MANIFEST_FILE} is not an archc checkpoint manifest`);
  if (typeof m.version !== "number" || m.version > CHECKPOINT_VERSION)
    return bad(`its format version ${String(m.version)} is newer than this archc reads`);
  if (!Array.isArray(m.tensors) || !Number.isInteger(m.step) || !Number.isInteger(m.dataBytes))
    return bad(`${MANIFEST_FILE} lacks its step, tensors or data size`);
  if (!existsSync(dataPath)) return bad(`it has no ${TENSORS_FILE}`);
  const size = statSync(dataPath).size;
  if (size !== m.dataBytes)
    return bad(
      `${TENSORS_FILE} has ${size} bytes where the manifest says ${m.dataBytes}${size < m.dataBytes ? " (truncated)" : ""}`,
    );
  const sorted = [...m.tensors].sort((a, b) => a.offset - b.offset);
  let end = 0;
  for (const e of sorted) {
    const problem = entryProblem(e, size);
    if (problem !== undefined) return bad(problem);
    if (e.offset < end) return bad(`tensor ${e.name} overlaps the tensor before it`);
    end = e.offset + e.length;
  }
  const data = readFileSync(dataPath);
  const verified = m.version >= CHECKSUM_VERSION;
  if (verified) {
    for (const e of m.tensors) {
      if (typeof e.sha256 !== "string") return bad(`tensor ${e.name} has no checksum`);
      if (sha256Hex(data.subarray(e.offset, e.offset + e.length)) !== e.sha256)
        return bad(`tensor ${e.name} checksum mismatch`);
    }
  }
  return { ok: true, manifest: m, data, verified };
}
