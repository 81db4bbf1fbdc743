// Flags of a generated program: parsing, did-you-mean for unknown flags and backends, bad values.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
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
        "--set",
        "lr=1e-3",
        "--set=warmup=2",
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
      initPartial: false,
      sample: 0,
      set: ["lr=1e-3", "warmup=2"],
    });
    expect(parseFlags(["--resume"]).resume).toBe(true);
    expect(parseFlags(["--resume", "runs/a", "--quiet"]).resume).toBe("runs/a");
    expect(parseFlags(["--resume=runs/a"]).resume).toBe("runs/a");
    expect(parseFlags(["--resume", "--quiet"])).toMatchObject({ resume: true, quiet: true });
    expect(parseFlags(["--resume", "--sample", "0"])).toMatchObject({ resume: true, sample: 0 });
    expect(parseFlags(["--quiet", "--resume"])).toMatchObject({ resume: true, quiet: true });
  });

  const bad: [string[], string][] = [
    [
      ["--step", "5"],
      "error: unknown flag `--step` for `train`\n  = hint: did you mean `--steps`?\n",
    ],
    [
      ["--evel-every", "5"],
      "error: unknown flag `--evel-every` for `train`\n  = hint: did you mean `--eval-every`?\n",
    ],
    [
      ["--frobnicate"],
      "error: unknown flag `--frobnicate` for `train`\n  = hint: see `train --help`\n",
    ],
    [["--steps", "ten"], "error: `--steps` expects an integer from 1 to 1000000000, got `ten`\n"],
    [["--steps", "-1"], "error: `--steps` expects an integer from 1 to 1000000000, got `-1`\n"],
    [["--steps", "1.5"], "error: `--steps` expects an integer from 1 to 1000000000, got `1.5`\n"],
    [
      ["--steps", "99999999999999999999"],
      "error: `--steps` expects an integer from 1 to 1000000000, got `99999999999999999999`\n",
    ],
    [["--batch", "0"], "error: `--batch` expects an integer from 1 to 65536, got `0`\n"],
    [["--batch", "-3"], "error: `--batch` expects an integer from 1 to 65536, got `-3`\n"],
    [["--seed=-1"], "error: `--seed` expects an integer from 0 to 4294967295, got `-1`\n"],
    [["--steps"], "error: flag `--steps` needs a value\n  = hint: write `--steps N`\n"],
    [["--steps", "--quiet"], "error: flag `--steps` needs a value\n  = hint: write `--steps N`\n"],
    [
      ["--backend", "wsam"],
      "error: unknown backend `wsam`\n  = hint: did you mean `wasm`? choose one of: auto, tensorflow, native, wasm, cpu, cpu-fast, webgpu\n",
    ],
    [["--quiet=yes"], "error: flag `--quiet` takes no value\n"],
    [
      ["steps", "5"],
      "error: unexpected argument `steps` for `train`\n  = hint: flags start with `--`; see `train --help`\n",
    ],
    [["--steps", "5", "--steps", "6"], "error: flag `--steps` is given twice\n"],
    [
      ["--set", "layers=8"],
      "error: `--set layers=8`: a program can set only its numeric train settings (batch, steps, seed, eval, checkpoint, lr, weight_decay, clip, eps, warmup, min_lr, validation)\n  = hint: model constants and the other settings are compiled in: use `archc train FILE.arch --set layers=8`\n",
    ],
    [["--set", "lr=fast"], "error: `--set lr=fast`: `fast` is not a number\n"],
    [
      ["--set", "steps=0"],
      "error: `--set steps=0`: `steps` expects an integer from 1 to 1000000000\n",
    ],
    [
      ["--set", "warmup=3"],
      "error: `--set warmup=3`: the schedule of this program is `constant`, which has no `warmup`\n  = hint: change the schedule with `archc train FILE.arch --set schedule=…`\n",
    ],
    [["--set", "lr=-1"], "error: The learning rate must be positive, got -1.\n"],
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
    expect(again.text()).toContain("changed since the run started: steps 4 → 6");
    expect(again.text()).toContain("(step 6)");
    const info = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(info.config.steps).toBe(6);
    expect(info.resumedAt).toBeDefined();
    const bad = captureIO(root);
    expect(await runMain(model, cfg, [...args, "--resume", runDir, "--batch", "9"], bad)).toBe(1);
    expect(bad.text()).toBe(
      "error: cannot resume with a changed setting:\n  batch 4 → 9: the data position is counted in batches, and the loss curve would not continue\n  = hint: undo the change to continue the run, or start a new run from its weights with `--init-from RUN`\n",
    );
  });

  it("UsageError is a user error", () => {
    expect(() => parseFlags(["--nope"])).toThrow(UsageError);
  });
});
