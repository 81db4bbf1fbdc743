// Datasets: the bundled corpus and its split, deterministic resumable batches, synthetic tasks,
// and the errors for bad data files (missing, empty, binary, too short) through runMain.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, smallConfig, tempDir } from "./helpers.ts";
import {
  TextDataset,
  copyTask,
  loadSotu,
  loadTextFile,
  makeDataset,
  recallTask,
  sotuBytes,
} from "../../runtime/data/index.ts";
import { sotuCount } from "../../runtime/data/sotu.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { runMain } from "../../runtime/run/main.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("bundled corpus", () => {
  it("loads the 233 State of the Union addresses offline, split by a 5% tail", () => {
    expect(sotuCount()).toBe(233);
    const all = sotuBytes();
    expect(all.length).toBeGreaterThan(10_000_000);
    const c = loadSotu(0.05, 64);
    expect(c.train.length + c.validation.length).toBe(all.length);
    expect(c.validation.length).toBe(all.length - Math.floor(all.length * 0.95));
    const head = new TextDecoder().decode(c.train.subarray(0, 40));
    expect(head).toMatch(/^Fellow-Citizens of the Senate/);
  });

  it("gives the same batches for the same seed and cursor, and resumes from a saved position", () => {
    const c = loadSotu(0.05, 16);
    const a = new TextDataset(c, 3, 16, 7);
    const b = new TextDataset(c, 3, 16, 7);
    const first = [a.nextTrain(), a.nextTrain(), a.nextTrain()];
    expect(b.nextTrain().tokens).toEqual(first[0]!.tokens);
    const state = a.getState();
    expect(state).toEqual({ cursor: 3 });
    const next = a.nextTrain();
    const resumed = new TextDataset(c, 3, 16, 7);
    resumed.setState(state);
    expect(resumed.nextTrain().tokens).toEqual(next.tokens);
    expect(new TextDataset(c, 3, 16, 8).nextTrain().tokens).not.toEqual(first[0]!.tokens);
    expect(first[0]!.tokens.length).toBe(3 * 17);
    const v1 = a.validation(2);
    expect(v1).toHaveLength(2);
    expect(a.validation(2)[1]!.tokens).toEqual(v1[1]!.tokens);
  });
});

describe("synthetic tasks", () => {
  it("copy repeats each block after a separator", () => {
    const ds = copyTask(4, 16, 2, 19, 1);
    const row = Array.from(ds.nextTrain().tokens.subarray(0, 20));
    expect(row[4]).toBe(0);
    expect(row.slice(5, 9)).toEqual(row.slice(0, 4));
    expect(row[9]).toBe(0);
    expect(row.slice(0, 4).every((t) => t >= 1 && t < 16)).toBe(true);
  });

  it("recall answers each query with the value stored for its key", () => {
    const ds = recallTask(3, 20, 2, 15, 2);
    const row = Array.from(ds.nextTrain().tokens.subarray(0, 16));
    const table = new Map([
      [row[0], row[1]],
      [row[2], row[3]],
      [row[4], row[5]],
    ]);
    expect(table.size).toBe(3);
    for (let i = 6; i + 1 < 16; i += 2) expect(row[i + 1]).toBe(table.get(row[i]));
    expect(() => recallTask(20, 20, 2, 15, 2)).toThrow(RuntimeUserError);
  });

  it("is selected from the train section's data spec", () => {
    const ds = makeDataset(
      { kind: "copy", length: 3 },
      { vocab: 10, context: 8, batch: 2, seed: 0 },
    );
    expect(ds.tokenizer).toBeUndefined();
    expect(() =>
      makeDataset({ kind: "text", source: "sotu" }, { vocab: 100, context: 8, batch: 2, seed: 0 }),
    ).toThrow("The bytes tokenizer makes 256 token ids, but the model's vocab is 100.");
  });
});

describe("bad data files", () => {
  const dir = tempDir("archc-data-");
  mkdirSync(join(dir, "folder"));
  writeFileSync(join(dir, "empty.txt"), "");
  writeFileSync(
    join(dir, "binary.bin"),
    Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x00, 0x00, 0x14, 0x00, 0x08, 0x00]),
  );
  writeFileSync(
    join(dir, "control.txt"),
    Buffer.from(Array.from({ length: 200 }, (_, i) => (i % 3 === 0 ? 1 : 65))),
  );
  writeFileSync(join(dir, "short.txt"), "Just a few words, not enough.");
  writeFileSync(join(dir, "ok.txt"), "To be, or not to be, that is the question. ".repeat(100));

  const cases: [string, string, RegExp][] = [
    ["a missing", join(dir, "nope.txt"), /^error: Data file '.*nope\.txt' does not exist\.\n$/],
    [
      "an empty",
      join(dir, "empty.txt"),
      /^error: Data file '.*empty\.txt' is empty: it needs text to train on\.\n$/,
    ],
    [
      "a directory as",
      join(dir, "folder"),
      /^error: Data file '.*folder' is a directory, not a text file\.\n$/,
    ],
    [
      "a binary",
      join(dir, "binary.bin"),
      /^error: Data file '.*binary\.bin' does not look like text \(it contains a NUL byte at offset 4\)\. Train on a plain text file\.\n$/,
    ],
    [
      "a mostly-control-bytes",
      join(dir, "control.txt"),
      /^error: Data file '.*control\.txt' does not look like text \(34% of its first 200 bytes are control characters\)/,
    ],
    [
      "a too short",
      join(dir, "short.txt"),
      /^error: Data file '.*short\.txt' is too short: 29 bytes, but its training split \(27 bytes\) and its validation split \(the last 5%, 2 bytes\) each need at least context \+ 1 = 33 bytes\. Use a file of at least 661 bytes\.\n$/,
    ],
  ];
  for (const [what, file, message] of cases) {
    it(`reports ${what} file by name (exit 1, no stack trace)`, async () => {
      const io = captureIO();
      const out = join(dir, `run-${what.replace(/ /g, "-")}`);
      const code = await runMain(
        bigramModel(),
        smallConfig,
        ["node", "t", "--backend", "cpu", "--quiet", "--data", file, "--out", out],
        io,
      );
      expect(code).toBe(1);
      expect(io.text()).toMatch(message);
    });
  }

  it("trains on a good user file", () => {
    const c = loadTextFile(join(dir, "ok.txt"), 0.1, 32);
    expect(c.validation.length).toBe(430);
    expect(new TextDataset(c, 2, 32, 0).nextTrain().tokens.length).toBe(66);
  });
});
