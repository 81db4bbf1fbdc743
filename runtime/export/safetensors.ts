// Export of a run's trained parameters in the safetensors format:
//   8 bytes: N, the header length, unsigned little-endian 64-bit
//   N bytes: UTF-8 JSON {"<name>": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, …,
//            "__metadata__": {string: string}}, padded with spaces to a multiple of 8
//   then the raw little-endian float32 data; offsets are relative to the start of this data block.
// Tensors are stored under the IR's parameter names, in the checkpoint's order.
import { RuntimeUserError } from "../errors.ts";
import { existsSync } from "node:fs";
import { join } from "node:path";
import {
  findLatestCheckpoint,
  MANIFEST_FILE,
  readCheckpoint,
  type ReadOptions,
} from "../checkpoint/index.ts";
import type { TensorRecord } from "../checkpoint/format.ts";
import { writeFileAtomic } from "../run/rundir.ts";

/** The bytes of a safetensors file holding `tensors` (float32). */
export function encodeSafetensors(
  tensors: readonly Pick<TensorRecord, "name" | "shape" | "values">[],
  metadata: Record<string, string> = {},
): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length > 0) header["__metadata__"] = metadata;
  let offset = 0;
  for (const t of tensors) {
    const n = t.shape.reduce((a, b) => a * b, 1);
    if (n !== t.values.length)
      throw new Error(
        `safetensors: '${t.name}' has ${t.values.length} values for shape [${t.shape.join(", ")}]`,
      );
    header[t.name] = { dtype: "F32", shape: [...t.shape], data_offsets: [offset, offset + 4 * n] };
    offset += 4 * n;
  }
  let json = Buffer.from(JSON.stringify(header), "utf8");
  const padded = Math.ceil(json.length / 8) * 8;
  if (padded !== json.length)
    json = Buffer.concat([json, Buffer.alloc(padded - json.length, 0x20)]);
  const out = new Uint8Array(8 + json.length + offset);
  const view = new DataView(out.buffer);
  view.setBigUint64(0, BigInt(json.length), true);
  out.set(json, 8);
  let at = 8 + json.length;
  for (const t of tensors) {
    for (let i = 0; i < t.values.length; i++, at += 4) view.setFloat32(at, t.values[i]!, true);
  }
  return out;
}

/** The checkpoint `path` names: a checkpoint folder itself, or a run's newest checkpoint. */
export function checkpointOf(path: string): string {
  if (existsSync(join(path, MANIFEST_FILE))) return path;
  const ckpt = findLatestCheckpoint(path);
  if (ckpt === null)
    throw new RuntimeUserError(`Run '${path}' has no complete checkpoint to export.`);
  return ckpt;
}

/** Writes the parameters of a checkpoint (or a run's newest one) to `outFile` (atomically). */
export function exportSafetensors(
  path: string,
  outFile: string,
  opts: ReadOptions = {},
): { step: number; tensors: number; bytes: number } {
  const { manifest, tensors } = readCheckpoint(checkpointOf(path), opts);
  const params = tensors.filter((t) => t.group === "param");
  const bytes = encodeSafetensors(params, {
    format: "archc",
    model: manifest.model,
    step: String(manifest.step),
  });
  writeFileAtomic(outFile, bytes);
  return { step: manifest.step, tensors: params.length, bytes: bytes.length };
}
