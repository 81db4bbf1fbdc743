// Flags of a generated program: parsing, did-you-mean for unknown flags and backends, bad values.
import { describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, smallConfig, tempDir } from "./helpers.ts";
import { parseFlags, UsageError } from "../../runtime/run/args.ts";
import { runMain } from "../../runtime/run/main.ts";

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
      "error: Unknown backend 'wsam' (did you mean wasm?). Choose one of: auto, tensorflow, wasm, cpu, webgpu.\n",
    ],
    [["--quiet=yes"], "error: --quiet takes no value.\n"],
    [
      ["steps", "5"],
      "error: Unexpected argument 'steps': flags start with --. Run with --help to list them.\n",
    ],
    [["--steps", "5", "--steps", "6"], "error: --steps is given twice.\n"],
  ];
  for (const [args, message] of bad) {
    it(`rejects ${args.join(" ")} with exit code 2`, async () => {
      const io = captureIO();
      expect(await runMain(bigramModel(), smallConfig, ["node", "train", ...args], io)).toBe(2);
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
    writeFileSync(`${dir}/config.json`, "{}");
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

  it("UsageError is a user error", () => {
    expect(() => parseFlags(["--nope"])).toThrow(UsageError);
  });
});
