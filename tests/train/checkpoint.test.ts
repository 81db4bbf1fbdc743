// Checkpoints (atomic layout, fallback past incomplete ones, pruning, state round trip) and the
// safetensors export, checked by an independent reader of the spec's byte layout.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  truncateSync,
  writeFileSync,
} from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { tempDir } from "./helpers.ts";
import {
  findLatestCheckpoint,
  readCheckpoint,
  restoreState,
  snapshotState,
  writeCheckpoint,
} from "../../runtime/checkpoint/index.ts";
import type { TensorRecord } from "../../runtime/checkpoint/format.ts";
import { exportSafetensors } from "../../runtime/export/safetensors.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const info = (step: number) => ({
  step,
  optimizerStep: step,
  data: { cursor: step },
  seed: 5,
  model: "M",
});
const rec = (
  name: string,
  shape: number[],
  start: number,
  group: TensorRecord["group"] = "param",
): TensorRecord => ({
  name,
  group,
  shape,
  values: Float32Array.from(
    { length: shape.reduce((a, b) => a * b, 1) },
    (_, i) => start + i * 0.25,
  ),
});

describe("checkpoints", () => {
  it("round-trips tensors and state through manifest.json + tensors.bin, with a latest pointer", () => {
    const run = tempDir();
    const tensors = [
      rec("a.kernel", [2, 3], 1),
      rec("b", [4], -2),
      rec("a.kernel", [2, 3], 0.5, "m"),
    ];
    const dir = writeCheckpoint(run, info(7), tensors);
    expect(dir).toBe(join(run, "checkpoints", "step-000007"));
    expect(readFileSync(join(run, "checkpoints", "latest"), "utf8")).toBe("step-000007\n");
    expect(readdirSync(dir).sort()).toEqual(["manifest.json", "tensors.bin"]);
    const { manifest, tensors: back } = readCheckpoint(dir);
    expect(manifest).toMatchObject({
      format: "archc-checkpoint",
      version: 2,
      step: 7,
      optimizerStep: 7,
      data: { cursor: 7 },
      rng: { seed: 5 },
      dataBytes: 64,
    });
    expect(manifest.tensors.map((t) => [t.name, t.group, t.offset, t.length, t.dtype])).toEqual([
      ["a.kernel", "param", 0, 24, "float32"],
      ["b", "param", 24, 16, "float32"],
      ["a.kernel", "m", 40, 24, "float32"],
    ]);
    expect(back.map((t) => Array.from(t.values))).toEqual(tensors.map((t) => Array.from(t.values)));
  });

  it("reports a torn newest checkpoint, naming the last good one, and ignores half-written temp folders", () => {
    const run = tempDir();
    writeCheckpoint(run, info(10), [rec("w", [8], 0)]);
    mkdirSync(join(run, "checkpoints", ".tmp-step-000030-999"));
    writeFileSync(join(run, "checkpoints", ".tmp-step-000030-999", "tensors.bin"), "xx");
    expect(findLatestCheckpoint(run)).toBe(join(run, "checkpoints", "step-000010"));
    const second = writeCheckpoint(run, info(20), [rec("w", [8], 1)]);
    truncateSync(join(second, "tensors.bin"), 10); // torn data file behind a valid pointer
    expect(() => findLatestCheckpoint(run)).toThrow(
      /step-000020 is corrupt \(tensors\.bin has 10 bytes where the manifest says 32 \(truncated\)\); the last good checkpoint is step-000010: use `archc export .*step-000010`/,
    );
    expect(findLatestCheckpoint(tempDir())).toBeNull();
  });

  it("keeps the newest three checkpoints and removes temp leftovers", () => {
    const run = tempDir();
    mkdirSync(join(run, "checkpoints", ".tmp-step-000001-1"), { recursive: true });
    for (const s of [1, 2, 3, 4, 5]) writeCheckpoint(run, info(s), [rec("w", [2], s)]);
    expect(readdirSync(join(run, "checkpoints")).sort()).toEqual([
      "latest",
      "step-000003",
      "step-000004",
      "step-000005",
    ]);
  });

  it("restores parameters and AdamW moments exactly, and names a mismatching parameter", async () => {
    const params = new Map([["w", tf.variable(tf.tensor([1, 2, 3]))]]);
    const opt = new AdamW({
      lr: 0.1,
      beta1: 0.9,
      beta2: 0.99,
      eps: 1e-8,
      weightDecay: 0,
      decay: new Set(),
    });
    tf.tidy(() => opt.apply(params, new Map([["w", tf.tensor([0.5, -1, 2])]]), 0.1));
    const { tensors, optimizerStep } = await snapshotState(params, opt);
    expect(optimizerStep).toBe(1);
    expect(tensors.map((t) => `${t.group}:${t.name}`)).toEqual(["param:w", "m:w", "v:w"]);
    const params2 = new Map([["w", tf.variable(tf.zeros([3]))]]);
    const opt2 = new AdamW(opt.config);
    restoreState(params2, opt2, tensors, optimizerStep, "ckpt");
    expect(Array.from(params2.get("w")!.dataSync())).toEqual(
      Array.from(params.get("w")!.dataSync()),
    );
    const g = new Map([["w", tf.tensor([1, 1, 1])]]);
    opt.apply(params, g, 0.1);
    opt2.apply(params2, g, 0.1);
    expect(Array.from(params2.get("w")!.dataSync())).toEqual(
      Array.from(params.get("w")!.dataSync()),
    );
    const wrong = new Map([["w", tf.variable(tf.zeros([4]))]]);
    expect(() => restoreState(wrong, opt2, tensors, 1, "ckpt")).toThrow(
      "Checkpoint 'ckpt' stores 'w' as [3], but the model has [4].",
    );
    for (const m of [params, params2, wrong]) for (const v of m.values()) v.dispose();
    for (const t of g.values()) t.dispose();
    opt.dispose();
    opt2.dispose();
  });
});

/** An independent safetensors reader following the spec's byte layout. */
function readSafetensors(bytes: Uint8Array) {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const n = Number(view.getBigUint64(0, true));
  const headerText = new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n));
  expect(headerText.startsWith("{")).toBe(true);
  const header = JSON.parse(headerText) as Record<string, unknown>;
  const base = 8 + n;
  const out = new Map<string, { shape: number[]; values: number[] }>();
  const spans: [number, number][] = [];
  for (const [name, e] of Object.entries(header)) {
    if (name === "__metadata__") continue;
    const { dtype, shape, data_offsets } = e as {
      dtype: string;
      shape: number[];
      data_offsets: [number, number];
    };
    expect(dtype).toBe("F32");
    const [b, end] = data_offsets;
    expect(end - b).toBe(4 * shape.reduce((x, y) => x * y, 1));
    spans.push([b, end]);
    const values: number[] = [];
    for (let o = base + b; o < base + end; o += 4) values.push(view.getFloat32(o, true));
    out.set(name, { shape, values });
  }
  spans.sort((a, b) => a[0] - b[0]);
  let at = 0;
  for (const [b, e] of spans) {
    expect(b).toBe(at); // contiguous, no holes or overlaps
    at = e;
  }
  expect(base + at).toBe(bytes.length);
  return {
    n,
    headerText,
    metadata: header["__metadata__"] as Record<string, string> | undefined,
    tensors: out,
  };
}

describe("safetensors export", () => {
  it("writes the parameters of the newest checkpoint under their IR names", () => {
    const run = tempDir();
    const params = [rec("blocks.0.attn.q.kernel", [2, 3], 1), rec("embed.table", [3, 1], -1)];
    writeCheckpoint(run, info(12), [
      ...params,
      rec("embed.table", [3, 1], 9, "m"),
      rec("embed.table", [3, 1], 9, "v"),
    ]);
    const file = join(run, "model.safetensors");
    expect(exportSafetensors(run, file)).toEqual({
      step: 12,
      tensors: 2,
      bytes: readFileSync(file).length,
      config: null, // a hand-made run has no model description
    });
    const bytes = new Uint8Array(readFileSync(file));
    const st = readSafetensors(bytes);
    expect(st.n % 8).toBe(0);
    expect(st.headerText).toMatch(/^\{.*\} *$/);
    expect(st.metadata).toEqual({ format: "archc", model: "M", step: "12" });
    expect([...st.tensors.keys()].sort()).toEqual(["blocks.0.attn.q.kernel", "embed.table"]);
    expect(st.tensors.get("blocks.0.attn.q.kernel")).toEqual({
      shape: [2, 3],
      values: [1, 1.25, 1.5, 1.75, 2, 2.25],
    });
    expect(st.tensors.get("embed.table")).toEqual({ shape: [3, 1], values: [-1, -0.75, -0.5] });
    expect(existsSync(`${file}.tmp-${process.pid}`)).toBe(false);
  });

  it("reports a run without checkpoints", () => {
    expect(() => exportSafetensors(tempDir(), join(tempDir(), "x.safetensors"))).toThrow(
      /has no complete checkpoint to export/,
    );
  });
});
