// Reading a safetensors file (the format safetensors.ts writes; F32 tensors only): the header is
// validated (length, JSON, every entry's dtype, shape and offsets inside the data block, no
// overlaps), and every problem is a user error naming the file.
import { readFileSync } from "node:fs";
import { RuntimeUserError } from "../errors.ts";

export interface SafetensorsTensor {
  readonly name: string;
  readonly shape: readonly number[];
  readonly values: Float32Array;
}

/** The tensors of a safetensors file, in header order. */
export function readSafetensors(path: string): SafetensorsTensor[] {
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (err) {
    throw new RuntimeUserError(`Cannot read '${path}': ${(err as Error).message}`, { cause: err });
  }
  return decodeSafetensors(bytes, path);
}

/** Decodes safetensors bytes; `path` names the file in messages. */
export function decodeSafetensors(bytes: Uint8Array, path: string): SafetensorsTensor[] {
  const bad = (why: string): RuntimeUserError =>
    new RuntimeUserError(`'${path}' is not a valid safetensors file: ${why}.`);
  if (bytes.length < 8) throw bad("it is shorter than its 8-byte header length");
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const headerLength = Number(view.getBigUint64(0, true));
  if (headerLength > bytes.length - 8)
    throw bad(`its header length ${headerLength} exceeds the file`);
  let header: unknown;
  try {
    header = JSON.parse(Buffer.from(bytes.subarray(8, 8 + headerLength)).toString("utf8"));
  } catch {
    throw bad("its header is not JSON");
  }
  if (typeof header !== "object" || header === null || Array.isArray(header))
    throw bad("its header is not a JSON object");
  const dataStart = 8 + headerLength;
  const dataLength = bytes.length - dataStart;
  const out: SafetensorsTensor[] = [];
  const ranges: [number, number, string][] = [];
  for (const [name, entry] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") continue;
    const e = entry as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    if (e.dtype !== "F32") throw bad(`'${name}' has dtype ${String(e.dtype)}, only F32 is read`);
    const shape = e.shape;
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0))
      throw bad(`'${name}' has no valid shape`);
    const offsets = e.data_offsets;
    if (
      !Array.isArray(offsets) ||
      offsets.length !== 2 ||
      !offsets.every((o) => Number.isInteger(o) && o >= 0)
    )
      throw bad(`'${name}' has no valid data_offsets`);
    const [begin, end] = offsets as [number, number];
    const count = (shape as number[]).reduce((a, b) => a * b, 1);
    if (end < begin || end > dataLength)
      throw bad(`'${name}' lies outside the data (bytes ${begin}–${end} of ${dataLength})`);
    if (end - begin !== 4 * count)
      throw bad(`'${name}' has ${end - begin} bytes for shape [${(shape as number[]).join(", ")}]`);
    ranges.push([begin, end, name]);
    const values = new Float32Array(count);
    const at = dataStart + begin;
    for (let i = 0; i < count; i++) values[i] = view.getFloat32(at + 4 * i, true);
    out.push({ name, shape: shape as number[], values });
  }
  ranges.sort((a, b) => a[0] - b[0]);
  for (let i = 1; i < ranges.length; i++)
    if (ranges[i]![0] < ranges[i - 1]![1])
      throw bad(`'${ranges[i]![2]}' overlaps '${ranges[i - 1]![2]}'`);
  return out;
}
