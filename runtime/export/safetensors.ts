// Export of a run's trained parameters in the safetensors format:
//   8 bytes: N, the header length, unsigned little-endian 64-bit
//   N bytes: UTF-8 JSON {"<name>": {"dtype": "F32", "shape": [...], "data_offsets": [begin, end]}, …,
//            "__metadata__": {string: string}}, padded with spaces to a multiple of 8
//   then the raw little-endian float32 data; offsets are relative to the start of this data block.
// Tensors are stored under the IR's parameter names, in the checkpoint's order.
import { RuntimeUserError } from "../errors.ts";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { MODEL_FORMAT } from "../../spec/describe.ts";
import { readRunInfo, runInfoPath, type RunInfo } from "../run/info.ts";
import { checkpointAt, readCheckpoint, runDirOf, type ReadOptions } from "../checkpoint/index.ts";
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

/** The checkpoint `path` names (checkpointAt): a checkpoint folder itself, or a run's newest checkpoint. */
function checkpointOf(path: string): string {
  const ckpt = checkpointAt(path);
  if (ckpt === null)
    throw new RuntimeUserError(`Run '${path}' has no complete checkpoint to export.`);
  return ckpt;
}

/** Writes the parameters of a checkpoint (or a run's newest one) to `outFile` (atomically), with
 * the model's description (from run.json's build) in __metadata__ and as config.json beside it. */
export function exportSafetensors(
  path: string,
  outFile: string,
  opts: ReadOptions = {},
): { step: number; tensors: number; bytes: number; config: string | null } {
  const checkpoint = checkpointOf(path);
  const { manifest, tensors } = readCheckpoint(checkpoint, opts);
  // the hash-routing tables are model state too: `<layer>.hash_table` [vocab], expert ids as float32
  const tables = Object.entries(manifest.hashTables ?? {}).map(([name, t]) => ({
    name: `${name}.hash_table`,
    group: "param" as const,
    shape: [t.table.length],
    values: Float32Array.from(t.table),
  }));
  const params = [...tensors.filter((t) => t.group === "param"), ...tables];
  const runDir = runDirOf(checkpoint);
  const info = runInfoPath(runDir) === null ? undefined : readRunInfo(runDir);
  const model = info?.build?.models?.[manifest.growStage ?? 0];
  const data = (info?.config as RunInfo["config"] | undefined)?.data; // absent in a hand-made record
  const tokenizer = data?.kind === "text" ? (data.tokenizer ?? "bytes") : "bytes";
  const config = model === undefined ? undefined : { ...model, tokenizer, step: manifest.step };
  const bytes = encodeSafetensors(params, {
    format: "archc",
    model: manifest.model,
    step: String(manifest.step),
    ...(config === undefined ? {} : { config: JSON.stringify(config) }),
  });
  const configPath = join(dirname(outFile), "config.json");
  if (config !== undefined && existsSync(configPath) && !isModelConfig(configPath))
    throw new RuntimeUserError(
      `${configPath} exists and is not an archc model config; export into another folder (-o).`,
    );
  writeFileAtomic(outFile, bytes);
  if (config === undefined) {
    opts.note?.(
      `note: run ${runDir} has no model description (an older run): no config.json written.`,
    );
  } else {
    writeFileAtomic(configPath, JSON.stringify(config, null, 2) + "\n");
  }
  return {
    step: manifest.step,
    tensors: params.length,
    bytes: bytes.length,
    config: config === undefined ? null : configPath,
  };
}

function isModelConfig(path: string): boolean {
  try {
    return (JSON.parse(readFileSync(path, "utf8")) as { format?: unknown }).format === MODEL_FORMAT;
  } catch {
    return false;
  }
}
