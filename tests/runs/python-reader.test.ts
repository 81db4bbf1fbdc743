// A reader in another language: after a tiny training, `archc export` writes config.json and
// model.safetensors; tests/runs/read_export.py (pure Python 3: struct, array, math) rebuilds the
// Pre-LN GPT's forward pass from those files alone, and its logits match archc's to 1e-4.
import * as tf from "../../runtime/tf.ts";
import { spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadRun } from "../../cli/runs/load.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const python = spawnSync("python3", ["--version"]).status === 0;
const SCRIPT = join(import.meta.dirname, "read_export.py");

describe.skipIf(!python)("python3 reads an export (skipped: no python3)", () => {
  it("rebuilds the forward pass from config.json + model.safetensors to 1e-4", async () => {
    await tf.setBackend("cpu");
    const run = join(tempDir(), "run");
    await trainInto(tinyProject("PyTiny"), run);
    expect((await runCli(["export", run])).code).toBe(0);
    const tokens = [72, 101, 108, 108, 111, 33];
    const loaded = await loadRun(run);
    const want = tf.tidy(() =>
      loaded.model
        .forward(loaded.params, tf.tensor2d([tokens], [1, tokens.length], "int32"), {
          training: false,
          step: 0,
          seed: 0,
          aux: { addLoss: () => undefined, addStat: () => undefined },
        })
        .arraySync(),
    )[0]!;
    loaded.dispose();
    const file = join(tempDir(), "tokens.json");
    writeFileSync(file, JSON.stringify(tokens));
    const r = spawnSync("python3", [SCRIPT, run, file], { encoding: "utf8" });
    expect(r.status, r.stderr).toBe(0);
    const got = JSON.parse(r.stdout) as number[][];
    let worst = 0;
    want.forEach((row, t) => row.forEach((v, j) => (worst = Math.max(worst, Math.abs(v - got[t]![j]!)))));
    expect(worst).toBeLessThan(1e-4);
  }, 120_000);
});
