// Hash routing's tables (issue 15 item 5; constructs.md §7.7): built from the training data's token
// frequencies (greedy balanced, seeded), recorded in the run's checkpoints, and used again by
// --resume and export; id-balanced only where no data is known.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import {
  frequencyHashTable,
  hashTable,
  HashTables,
  runMain,
  tokenCounts,
  type RecordedHashTable,
} from "../../runtime/index.ts";
import { findLatestCheckpoint, readCheckpoint } from "../../runtime/checkpoint/index.ts";
import { splitCorpus } from "../../runtime/data/index.ts";
import { exportSafetensors } from "../../runtime/export/safetensors.ts";
import { readMetrics } from "../../runtime/train/metrics.ts";
import { compileArch, writeArch } from "../growth/support.ts";
import { captureIO, tempDir } from "../train/helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Each expert's share of the count mass under `table`. */
function masses(table: Int32Array, counts: ArrayLike<number>, experts: number): number[] {
  const m = new Array<number>(experts).fill(0);
  table.forEach((e, id) => (m[e]! += counts[id] ?? 0));
  return m;
}

/** Zipf-like counts over 256 ids: id i (in a scrambled order) occurs ⌊4000 / (rank + 1)⌋ times. */
const zipf = Float64Array.from({ length: 256 }, (_, i) =>
  Math.floor(4000 / (((i * 37) % 256) + 1)),
);

describe("frequency-balanced hash tables", () => {
  it("balance the frequency mass: max − min mass ≤ the largest single count (greedy)", () => {
    const E = 8;
    const t = frequencyHashTable(zipf, 256, E, 3);
    const m = masses(t, zipf, E);
    const largest = Math.max(...zipf);
    expect(Math.max(...m) - Math.min(...m)).toBeLessThanOrEqual(largest);
    // the id-balanced table of the same size leaves the mass far more uneven
    const ids = masses(hashTable(256, E, 3), zipf, E);
    expect(Math.max(...ids) - Math.min(...ids)).toBeGreaterThan(Math.max(...m) - Math.min(...m));
    // the most frequent id alone outweighs the mean share: it stays alone on its expert
    expect(largest).toBeGreaterThan(m.reduce((a, b) => a + b) / E);
    expect([...t].filter((e) => e === t[zipf.indexOf(largest)]).length).toBe(1);
  });

  it("is a function of the counts and the seed; ties fall in a seeded order", () => {
    const flat = new Float64Array(64).fill(5);
    expect(frequencyHashTable(zipf, 256, 8, 7)).toEqual(frequencyHashTable(zipf, 256, 8, 7));
    expect(frequencyHashTable(flat, 64, 4, 1)).not.toEqual(frequencyHashTable(flat, 64, 4, 2));
    // equal counts: every expert gets the same number of ids
    const t = frequencyHashTable(flat, 64, 4, 1);
    expect([0, 1, 2, 3].map((e) => [...t].filter((x) => x === e).length)).toEqual([16, 16, 16, 16]);
  });

  it("ids the data never shows (and ids beyond the counts) are spread by id count", () => {
    const counts = tokenCounts([1, 1, 1, 2], 4); // vocab 4 counted, the table covers 10 ids
    const t = frequencyHashTable(counts, 10, 2, 0);
    expect(t[1]).not.toBe(t[2]); // the two seen ids, greedily
    const perExpert = [0, 1].map((e) => [...t].filter((x) => x === e).length);
    expect(perExpert).toEqual([5, 5]); // the 8 unseen ones, 4 each
  });

  it("HashTables builds each layer's table once, records it, and restores a recorded one", () => {
    const run = new HashTables(zipf, 1);
    expect(run.source).toBe("frequency");
    const a = run.table("blocks.1.router", 256, 4, 0);
    expect(run.table("blocks.1.router", 256, 4, 0)).toBe(a);
    const rec = run.record()["blocks.1.router"]!;
    expect(rec).toMatchObject({ experts: 4, source: "frequency" });
    const restored = new HashTables(null, 99, { "blocks.1.router": rec });
    expect(restored.table("blocks.1.router", 256, 4, 0)).toEqual(a);
    expect(() => restored.table("blocks.1.router", 256, 8, 0)).toThrow(
      /recorded by a different model/,
    );
    expect(new HashTables(null, 1).table("x", 50, 4, 9)).toEqual(hashTable(50, 4, 9)); // no data: ids
  });
});

const ARCH = `import std.ffn.{MLP}
model H {
  input tokens: int[batch, 16]
  embed TokenEmbedding(256, 16) + LearnedPositions(16, 16)
  residual(pre, layernorm) { moe(experts: 4, router: hash, balance: 0.0) { MLP(16, 32) } }
  norm layernorm
  head tied
}
`;

describe("a run records its tables", () => {
  it("trains with the data's table, checkpoints it, exports it, and --resume routes by the recorded one", async () => {
    const { model } = await compileArch("hash-run", writeArch("hash-run", ARCH));
    const dir = tempDir();
    // a skewed corpus: 'a' is most of it
    const data = join(dir, "data.txt");
    writeFileSync(data, ("aaaaaaaaab" + "abcdefghij".repeat(3) + "\n").repeat(200));
    const config = {
      name: "hash",
      data: { kind: "text" as const, source: { file: data }, validation: 0.1 },
      batch: 2,
      steps: 2,
      optimizer: { kind: "adamw" as const, lr: 0.01, clip: 1 },
      evalEvery: 2,
      checkpointEvery: 1,
      seed: 5,
      evalBatches: 1,
    };
    const out = join(dir, "run");
    const argv = ["node", "train", "--out", out, "--sample", "0", "--quiet"];
    const io = captureIO();
    expect(await runMain(model, config, argv, io), io.text()).toBe(0);
    const ckpt = findLatestCheckpoint(out)!;
    const { manifest } = readCheckpoint(ckpt);
    const tables = manifest.hashTables ?? {};
    expect(Object.keys(tables)).toHaveLength(1);
    const [name, rec] = Object.entries(tables)[0]! as [string, RecordedHashTable];
    expect(rec.source).toBe("frequency");
    const bytes = new Uint8Array(readFileSync(data));
    const train = splitCorpus("data", bytes, 0.1, 16).train;
    const expected = new HashTables(tokenCounts(train, 256), 5).table(name, 256, 4, 0);
    expect(rec.table).toEqual([...expected]);
    // export writes the table beside the parameters
    const file = join(dir, "m.safetensors");
    exportSafetensors(out, file);
    const st = readFileSync(file);
    const header = JSON.parse(st.subarray(8, 8 + Number(st.readBigUInt64LE(0))).toString("utf8"));
    expect(header[`${name}.hash_table`]).toMatchObject({ dtype: "F32", shape: [256] });

    // resume from a checkpoint whose table sends every id to expert 3: the load follows the record
    const edited = {
      ...manifest,
      hashTables: { [name]: { ...rec, table: rec.table.map(() => 3) } },
    };
    writeFileSync(join(ckpt, "manifest.json"), JSON.stringify(edited));
    const more = ["node", "train", "--resume", out, "--steps", "3", "--sample", "0", "--quiet"];
    expect(await runMain(model, config, more, io), io.text()).toBe(0);
    const last = readMetrics(join(out, "metrics.jsonl"))
      .filter((r) => r.type === "train")
      .at(-1)!;
    expect(last.step).toBe(3);
    expect(Object.values(last.stats ?? {})[0]).toEqual([0, 0, 0, 1]);
  }, 120_000);
});
