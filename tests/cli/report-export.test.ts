// `archc report` and `archc export` as a user runs them, on a run directory written by hand (a
// config.json, metrics.jsonl and one checkpoint): outputs, and plain errors for missing or bad runs.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeCheckpoint } from "../../runtime/checkpoint/index.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const BIN = join(ROOT, "bin/archc.mjs");

function archc(args: string[], cwd: string): { code: number | null; out: string; err: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], {
    cwd,
    encoding: "utf8",
    env: { ...process.env, NO_COLOR: "1" },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

const noStack = (s: string): void => expect(s).not.toMatch(/\n\s+at .+:\d+:\d+\)?\n/);

/** A run directory as the training program leaves it, with an expert-load statistic. */
function fakeRun(root: string, name: string, checkpoint = true): string {
  const dir = join(root, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "config.json"), JSON.stringify({ name, model: { name } }));
  const lines = [1, 2, 3, 4].map((step) =>
    JSON.stringify({
      type: "train",
      step,
      loss: 5 - step / 2,
      ce: 5 - step / 2,
      lr: 1e-3,
      gradNorm: 1,
      tokensPerSec: 100,
      elapsed: step,
      stats: { "blocks.1.moe.load": [0.5, 0.25, 0.25, 0] },
    }),
  );
  lines.push(JSON.stringify({ type: "eval", step: 4, valLoss: 3.1, valBpb: 4.4, elapsed: 5 }));
  writeFileSync(join(dir, "metrics.jsonl"), lines.join("\n") + "\n");
  if (checkpoint)
    writeCheckpoint(dir, { step: 4, optimizerStep: 4, data: { cursor: 0 }, seed: 1, model: name }, [
      {
        name: "w.kernel",
        group: "param",
        shape: [2, 3],
        values: Float32Array.from([1, 2, 3, 4, 5, 6]),
      },
      { name: "w.bias", group: "param", shape: [3], values: Float32Array.from([7, 8, 9]) },
    ]);
  return dir;
}

describe("archc report", () => {
  it("overlays several runs in one HTML page or SVG", () => {
    const root = mkdtempSync(join(tmpdir(), "archc-report-"));
    fakeRun(root, "A");
    fakeRun(root, "B");
    const r = archc(["report", "A", "B", "-o", "both.html"], root);
    expect(r.err).toContain("wrote both.html (2 runs)");
    expect(r.code).toBe(0);
    const html = readFileSync(join(root, "both.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).toContain("A train");
    expect(html).toContain("B validation");
    const svg = archc(["report", "A", "-o", "a.svg"], root);
    expect(svg.code).toBe(0);
    expect(readFileSync(join(root, "a.svg"), "utf8")).toMatch(/^<\?xml[^]*<svg[^]*<\/svg>\s*$/);
  }, 60_000);

  it("refuses missing and non-run directories and unknown formats, without a stack trace", () => {
    const root = mkdtempSync(join(tmpdir(), "archc-report-"));
    fakeRun(root, "A");
    mkdirSync(join(root, "empty"));
    const missing = archc(["report", "A", "nope"], root);
    expect(missing.code).toBe(1);
    expect(missing.err).toContain("run directory `nope` does not exist");
    const empty = archc(["report", "empty"], root);
    expect(empty.code).toBe(1);
    expect(empty.err).toContain("`empty` is not a run directory");
    const fmt = archc(["report", "A", "-o", "x.png"], root);
    expect(fmt.code).toBe(1);
    expect(fmt.err).toContain("cannot tell the format of `x.png`");
    const none = archc(["report"], root);
    expect(none.code).toBe(1);
    for (const r of [missing, empty, fmt, none]) noStack(r.err);
  }, 60_000);
});

describe("archc export", () => {
  it("writes the newest checkpoint's parameters as safetensors", () => {
    const root = mkdtempSync(join(tmpdir(), "archc-export-"));
    fakeRun(root, "A");
    const r = archc(["export", "A", "--format", "safetensors", "-o", "a.safetensors"], root);
    expect(r.err).toContain("wrote a.safetensors: 2 tensors");
    expect(r.code).toBe(0);
    const bytes = readFileSync(join(root, "a.safetensors"));
    const n = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8")) as Record<
      string,
      { shape: number[]; data_offsets: [number, number] }
    >;
    expect(header["w.kernel"]!.shape).toEqual([2, 3]);
    const [b, e] = header["w.bias"]!.data_offsets;
    const data = bytes.subarray(8 + n);
    const bias = Array.from({ length: (e - b) / 4 }, (_, i) => data.readFloatLE(b + 4 * i));
    expect(bias).toEqual([7, 8, 9]);
    // Without -o: RUN/model.safetensors.
    expect(archc(["export", "A"], root).code).toBe(0);
    expect(existsSync(join(root, "A", "model.safetensors"))).toBe(true);
  }, 60_000);

  it("explains a missing run, a run without checkpoint, a bad format and a bad output folder", () => {
    const root = mkdtempSync(join(tmpdir(), "archc-export-"));
    fakeRun(root, "A");
    fakeRun(root, "nockpt", false);
    const cases: [string[], string][] = [
      [["export", "nope"], "run directory `nope` does not exist"],
      [["export", "nockpt"], "has no complete checkpoint"],
      [["export", "A", "--format", "onnx"], "unknown export format `onnx`"],
      [
        ["export", "A", "-o", "no/such/dir/x.safetensors"],
        "the folder `no/such/dir` does not exist",
      ],
    ];
    for (const [args, message] of cases) {
      const r = archc(args, root);
      expect(r.code, args.join(" ")).toBe(1);
      expect(r.err).toContain(message);
      noStack(r.err);
    }
  }, 60_000);
});
