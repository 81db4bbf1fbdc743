// Flags of a generated program: parsing, did-you-mean for unknown flags and backends, bad values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, smallConfig, tempDir } from "./helpers.ts";
import { parseFlags, UsageError } from "../../runtime/run/args.ts";
import { runMain } from "../../runtime/run/main.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("flags", () => {
  it("parses every documented flag in both forms", () => {
    expect(
      parseFlags([
        "--steps",
        "5",
        "--batch=3",
        "--backend",
        "cpu",
        "--data",
        "x.txt",
        "--seed",
        "0",
        "--out",
        "o",
        "--eval-every",
        "2",
        "--checkpoint-every=0",
        "--quiet",
        "--sample",
        "0",
      ]),
    ).toEqual({
      steps: 5,
      batch: 3,
      backend: "cpu",
      data: "x.txt",
      seed: 0,
      out: "o",
      evalEvery: 2,
      checkpointEvery: 0,
      quiet: true,
      help: false,
      sample: 0,
    });
    expect(parseFlags(["--resume"]).resume).toBe(true);
    expect(parseFlags(["--resume", "runs/a", "--quiet"]).resume).toBe("runs/a");
    expect(parseFlags(["--resume", "--quiet"])).toEqual({ resume: true, quiet: true, help: false });
  });

  const bad: [string[], string][] = [
    [
      ["--step", "5"],
      "error: Unknown flag --step (did you mean --steps?). Run with --help to list the flags.\n",
    ],
    [
      ["--evel-every", "5"],
      "error: Unknown flag --evel-every (did you mean --eval-every?). Run with --help to list the flags.\n",
    ],
    [["--frobnicate"], "error: Unknown flag --frobnicate. Run with --help to list the flags.\n"],
    [["--steps", "ten"], "error: --steps expects a positive integer, got 'ten'.\n"],
    [["--batch", "0"], "error: --batch expects a positive integer, got '0'.\n"],
    [["--seed=-1"], "error: --seed expects a non-negative integer, got '-1'.\n"],
    [["--steps"], "error: --steps needs a value: --steps N.\n"],
    [
      ["--backend", "wsam"],
      "error: Unknown backend 'wsam' (did you mean wasm?). Choose one of: auto, tensorflow, wasm, cpu, cpu-fast, webgpu.\n",
    ],
    [["--quiet=yes"], "error: --quiet takes no value.\n"],
    [
      ["steps", "5"],
      "error: Unexpected argument 'steps': flags start with --. Run with --help to list them.\n",
    ],
    [["--steps", "5", "--steps", "6"], "error: --steps is given twice.\n"],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(" ")} with exit code 1`, async () => {
      const io = captureIO();
      expect(await runMain(bigramModel(), smallConfig, ["node", "train", ...args], io)).toBe(1);
      expect(io.text()).toBe(message);
    });
  }

  it("prints usage for --help", async () => {
    const io = captureIO();
    expect(await runMain(bigramModel(), smallConfig, ["node", "gpt.ts", "--help"], io)).toBe(0);
    expect(io.text()).toMatch(/^Usage: gpt\.ts \[flags\]/);
    expect(io.text()).toContain("--resume [RUN]");
  });

  it("refuses an existing run directory without --resume, and a missing one with it", async () => {
    const dir = tempDir();
    const io = captureIO();
    const { writeFileSync } = await import("node:fs");
    writeFileSync(`${dir}/run.json`, "{}");
    expect(await runMain(bigramModel(), smallConfig, ["node", "t", "--out", dir], io)).toBe(1);
    expect(io.text()).toContain(
      `already exists and is not empty. Continue it with --resume ${dir}`,
    );
    const io2 = captureIO();
    expect(
      await runMain(bigramModel(), smallConfig, ["node", "t", "--resume", `${dir}/nothing`], io2),
    ).toBe(1);
    expect(io2.text()).toMatch(/Run directory '.*nothing' does not exist\./);
    const io3 = captureIO(tempDir());
    expect(await runMain(bigramModel(), smallConfig, ["node", "t", "--resume"], io3)).toBe(1);
    expect(io3.text()).toMatch(/There is no run of 'bigram' under .* to resume/);
  });

  it("resumes the newest run by default, can extend it, and refuses to change its batch", async () => {
    const root = tempDir();
    const model = bigramModel({ context: 8, width: 8 });
    const cfg = { ...smallConfig, steps: 4, checkpointEvery: 2 };
    const args = ["node", "t", "--backend", "cpu", "--sample", "0"];
    const first = captureIO(root);
    expect(await runMain(model, cfg, args, first)).toBe(0);
    const runDir = /run: (.*)\n/.exec(first.text())![1]!;
    expect(runDir).toMatch(/bigram-\d{8}-\d{6}$/);
    const again = captureIO(root);
    expect(await runMain(model, cfg, [...args, "--resume", "--steps", "6"], again)).toBe(0);
    expect(again.text()).toMatch(/resuming from .*step-000004 \(step 4\)/);
    expect(again.text()).toContain("(step 6)");
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(info.config.steps).toBe(6);
    expect(info.resumedAt).toBeDefined();
    const bad = captureIO(root);
    expect(await runMain(model, cfg, [...args, "--resume", runDir, "--batch", "9"], bad)).toBe(1);
    expect(bad.text()).toBe(
      "error: --batch cannot change when resuming: the run was started with --batch 4.\n",
    );
  });

  it("UsageError is a user error", () => {
    expect(() => parseFlags(["--nope"])).toThrow(UsageError);
  });
});
