// `archc sample` and `archc eval` on a run of a tiny model trained 3 steps in this test: results
// (cached = uncached, seeds, the newest of several runs, checkpoint folders, the loss formulas)
// and errors (missing run, wrong path, corrupt checkpoint, bad flags, bad data files).
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { clearAttentionCache } from "../../runtime/ops/attention.ts";
import * as tf from "../../runtime/tf.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "../runs/helpers.ts";

let root = "";
let run = "";
let text = "";

beforeAll(async () => {
  root = tempDir("archc-sample-");
  run = join(root, "runs", "Tiny-1");
  await trainInto(tinyProject("Tiny", 3), run);
  text = join(root, "text.txt");
  writeFileSync(
    text,
    "Four score and seven years ago our fathers brought forth on this continent.\n",
  );
}, 120_000);

const sample = (...args: string[]) => runCli(["sample", ...args, "--backend", "cpu"]);
const evalRun = (...args: string[]) => runCli(["eval", ...args, "--backend", "cpu"]);

describe("archc sample", () => {
  it("continues the prompt; the KV cache and --no-cache give the same greedy text", async () => {
    const cached = await sample(run, "--prompt", "The ", "--tokens", "24", "--temperature", "0");
    expect(cached.code, cached.err).toBe(0);
    expect(cached.out.startsWith("The ")).toBe(true);
    expect(cached.err).toMatch(/^24 tokens in [\d.]+ s \([\d.]+ tokens\/s\); KV cache, step 3/m);
    const full = await sample(
      run,
      "--prompt",
      "The ",
      "--tokens",
      "24",
      "--temperature",
      "0",
      "--no-cache",
    );
    expect(full.code, full.err).toBe(0);
    expect(full.out).toBe(cached.out);
    expect(full.err).toMatch(/no cache/);
  });

  it("is deterministic for a seed; top-k 1 is greedy", async () => {
    const a = await sample(
      run,
      "--tokens",
      "30",
      "--temperature",
      "1.5",
      "--top-p",
      "0.95",
      "--seed",
      "4",
    );
    const b = await sample(
      run,
      "--tokens",
      "30",
      "--temperature",
      "1.5",
      "--top-p",
      "0.95",
      "--seed",
      "4",
    );
    expect(a.code, a.err).toBe(0);
    expect(b.out).toBe(a.out);
    const greedy = await sample(run, "--tokens", "30", "--temperature", "0");
    const top1 = await sample(
      run,
      "--tokens",
      "30",
      "--temperature",
      "2",
      "--top-k",
      "1",
      "--seed",
      "9",
    );
    expect(top1.out).toBe(greedy.out);
  });

  it("uses the newest of several runs, and a checkpoint folder", async () => {
    const older = join(root, "runs", "Tiny-0");
    cpSync(run, older, { recursive: true });
    const info = JSON.parse(readFileSync(join(older, "run.json"), "utf8")) as Record<
      string,
      unknown
    >;
    writeFileSync(
      join(older, "run.json"),
      JSON.stringify({ ...info, createdAt: "2000-01-01T00:00:00.000Z" }),
    );
    const r = await sample(older, run, "--tokens", "4");
    expect(r.code, r.err).toBe(0);
    expect(r.err).toContain(`using ${run} (the newest of 2 runs)`);
    expect((await sample(run, older, "--tokens", "1")).err).toContain(`using ${run} (`);
    const step2 = await sample(join(run, "checkpoints", "step-000002"), "--tokens", "4");
    expect(step2.code, step2.err).toBe(0);
    expect(step2.err).toMatch(/step 2/);
  });

  it("reports a missing run, a path that is not a run, a corrupt checkpoint and bad flags", async () => {
    const missing = await sample(join(root, "nope"));
    expect([missing.code, missing.err]).toEqual([
      1,
      expect.stringMatching(/^error: .*nope.*does not exist/),
    ]);
    const notRun = await sample(text);
    expect([notRun.code, notRun.err]).toEqual([
      1,
      expect.stringMatching(/^error: .*not a directory/),
    ]);
    const empty = join(root, "empty");
    mkdirSync(empty);
    expect((await sample(empty)).code).toBe(1);
    const broken = join(root, "runs", "Broken");
    cpSync(run, broken, { recursive: true });
    const bin = join(broken, "checkpoints", "step-000003", "tensors.bin");
    const bytes = readFileSync(bin);
    const mid = bytes.length >> 1;
    bytes[mid] = bytes[mid]! ^ 0xff;
    writeFileSync(bin, bytes);
    const corrupt = await sample(broken, "--tokens", "2");
    expect(corrupt.code).toBe(1);
    expect(corrupt.err).toMatch(/^error: .*step-000003/);
    expect(corrupt.err).not.toMatch(/\n\s+at /); // no stack trace
    for (const [flag, value, what] of [
      ["--top-p", "0", /top-p must be in \(0, 1\]/],
      ["--top-p", "1.5", /top-p/],
      ["--tokens", "0", /--tokens must be an integer ≥ 1/],
      ["--top-k", "2.5", /--top-k must be an integer/],
      ["--temperature=-1", "", /--temperature must be a number ≥ 0/],
      ["--seed", "x", /--seed/],
    ] as const) {
      const r = await sample(run, flag, ...(value === "" ? [] : [value]));
      expect([r.code, r.err], `${flag} ${value}`).toEqual([1, expect.stringMatching(what)]);
    }
  });
});

describe("archc eval", () => {
  it("prints loss, perplexity, bits per token and byte over the whole file, whatever the batch", async () => {
    const r1 = await evalRun(run, "--data", text, "--batch", "1");
    expect(r1.code, r1.err).toBe(0);
    const m =
      /loss ([\d.]+) nats\/token, perplexity ([\d.]+), ([\d.]+) bits\/token, ([\d.]+) bits\/byte/.exec(
        r1.out,
      );
    expect(m, r1.out).not.toBeNull();
    const [loss, ppl, bpt, bpb] = m!.slice(1).map(Number) as [number, number, number, number];
    expect(ppl).toBeCloseTo(Math.exp(loss), 2);
    expect(bpt).toBeCloseTo(loss / Math.LN2, 3);
    expect(bpb).toBe(bpt); // byte tokens
    const n = readFileSync(text).length - 1;
    expect(r1.out).toContain(
      `${n} tokens predicted (bytes tokenizer, ${n} bytes), ${Math.ceil(n / 8)} windows of ≤ 8`,
    );
    const r3 = await evalRun(run, "--data", text, "--batch", "3");
    expect(r3.out.split("\n")[1]).toBe(r1.out.split("\n")[1]);
    expect(loss).toBeGreaterThan(0);
  });

  it("leaves no tensor behind, the first eval in a process included", async () => {
    clearAttentionCache(); // as in a fresh process: no causal mask cached yet
    const before = tf.memory().numTensors;
    // 75 targets: 9 windows of 8 and one of 3, so masks [8, 8] and [3, 3] are made and cached
    const r = await evalRun(run, "--data", text);
    expect(r.code, r.err).toBe(0);
    expect(tf.memory().numTensors).toBe(before);
    await evalRun(run, "--data", text);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("reports missing --data, missing/empty/binary/too short files and a missing run", async () => {
    const none = await evalRun(run);
    expect([none.code, none.err]).toEqual([1, expect.stringMatching(/needs --data FILE/)]);
    const cases: [string, string | Uint8Array | null, RegExp][] = [
      ["absent.txt", null, /does not exist/],
      ["empty.txt", "", /is empty/],
      ["binary.bin", Uint8Array.from([1, 0, 2, 3]), /does not look like text/],
      ["one.txt", "x", /holds only 1 token .*needs at least 2/],
    ];
    for (const [name, content, what] of cases) {
      const file = join(root, name);
      if (content !== null) writeFileSync(file, content);
      const r = await evalRun(run, "--data", file);
      expect([r.code, r.err], name).toEqual([1, expect.stringMatching(what)]);
    }
    const missing = await evalRun(join(root, "nope"), "--data", text);
    expect([missing.code, missing.err]).toEqual([1, expect.stringMatching(/does not exist/)]);
    const bad = await evalRun(run, "--data", text, "--batch", "0");
    expect([bad.code, bad.err]).toEqual([
      1,
      expect.stringMatching(/--batch must be an integer ≥ 1/),
    ]);
  });
});
