// --init-from: a new run from another run's weights or a safetensors file, matched by name and
// shape; new and dropped parameters reported; shape mismatches refused unless --init-partial;
// corrupt and missing sources are user errors.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, smallConfig, tempDir } from "./helpers.ts";
import { runMain } from "../../runtime/run/main.ts";
import { initFrom } from "../../runtime/run/init-from.ts";
import { RUN_INFO_FILE } from "../../runtime/run/info.ts";
import { createParams, disposeParams } from "../../runtime/init.ts";
import { makeDataset } from "../../runtime/data/index.ts";
import { evaluate } from "../../runtime/train/evaluate.ts";
import { readMetrics } from "../../runtime/train/metrics.ts";
import { exportSafetensors } from "../../runtime/export/safetensors.ts";
import { resolveTrainConfig } from "../../runtime/train/config.ts";

const model = bigramModel({ context: 8, width: 8 });
const cfg = { ...smallConfig, steps: 4, evalEvery: 4, checkpointEvery: 4 };
const base = ["node", "t", "--backend", "cpu", "--sample", "0"];
let source: string;

beforeAll(async () => {
  await tf.setBackend("cpu");
  source = join(tempDir(), "src");
  const io = captureIO();
  expect(await runMain(model, cfg, [...base, "--out", source], io), io.text()).toBe(0);
});

describe("--init-from", () => {
  it("loads every parameter of the same model: its loss is the source's last eval loss", async () => {
    const last = readMetrics(join(source, "metrics.jsonl"))
      .filter((r) => r.type === "eval")
      .at(-1);
    const params = createParams(model.params, 99);
    try {
      const r = initFrom(params, source, false);
      expect(r.loaded).toEqual(["embed.table", "head.kernel", "head.bias"]);
      expect([r.fresh, r.dropped, r.reinitialised]).toEqual([[], [], []]);
      const c = resolveTrainConfig(cfg);
      const data = makeDataset(c.data, {
        vocab: model.meta.vocab,
        context: 8,
        batch: c.batch,
        seed: c.seed,
      });
      const e = await evaluate(model, params, data, { maxBatches: c.evalBatches, step: 4 });
      expect(last?.type === "eval" ? last.valLoss : NaN).toBeCloseTo(e.loss, 5);
    } finally {
      disposeParams(params);
    }
  });

  it("trains a new run from a run and from an exported safetensors file, recording it", async () => {
    const file = join(tempDir(), "w.safetensors");
    exportSafetensors(source, file);
    for (const from of [source, file]) {
      const out = join(tempDir(), "ft");
      const io = captureIO();
      const args = [...base, "--out", out, "--init-from", from, "--set", "lr=0.005"];
      expect(await runMain(model, cfg, args, io), io.text()).toBe(0);
      expect(io.text()).toMatch(
        /init from .*: 3 parameters loaded, 0 new, 0 dropped; optimizer fresh, step 0/,
      );
      const info = JSON.parse(readFileSync(join(out, RUN_INFO_FILE), "utf8"));
      expect(info.initFrom.loaded).toHaveLength(3);
      expect(info.overrides).toEqual(["lr=0.005"]);
      expect(info.config.optimizer.lr).toBe(0.005);
    }
  });

  it("reports new parameters of a bigger model and dropped ones of the source", () => {
    const extra = {
      name: "blocks.1.scale",
      shape: [8],
      init: { kind: "ones" as const },
      decay: false,
    };
    const bigger = [...model.params.filter((p) => p.name !== "head.bias"), extra];
    const params = createParams(bigger, 1);
    try {
      const r = initFrom(params, source, false);
      expect(r.fresh).toEqual(["blocks.1.scale"]);
      expect(r.dropped).toEqual(["head.bias"]);
    } finally {
      disposeParams(params);
    }
  });

  it("refuses other shapes, listing every mismatch, unless --init-partial", async () => {
    const wide = bigramModel({ context: 8, width: 16 });
    const io = captureIO();
    const out = join(tempDir(), "w");
    expect(await runMain(wide, cfg, [...base, "--out", out, "--init-from", source], io)).toBe(1);
    expect(io.text()).toContain("2 parameters have another shape");
    expect(io.text()).toContain("embed.table: [256, 8] in the source, [256, 16] in the model");
    expect(io.text()).toContain("head.kernel: [8, 256] in the source, [16, 256] in the model");
    const ok = captureIO();
    const args = [...base, "--out", join(tempDir(), "p"), "--init-from", source, "--init-partial"];
    expect(await runMain(wide, cfg, args, ok), ok.text()).toBe(0);
    expect(ok.text()).toContain("1 parameters loaded, 0 new, 0 dropped, 2 re-initialised");
  });

  it("refuses a missing or corrupt source and --resume with it", async () => {
    const dir = tempDir();
    const bad = join(dir, "bad.safetensors");
    writeFileSync(bad, Buffer.from([200, 0, 0, 0, 0, 0, 0, 0, 123]));
    const cases: [string[], RegExp][] = [
      [["--init-from", join(dir, "none")], /--init-from: '.*none' does not exist\./],
      [["--init-from", dir], /has no complete checkpoint/],
      [
        ["--init-from", bad],
        /is not a valid safetensors file: its header length 200 exceeds the file/,
      ],
      [
        ["--init-from", source, "--resume", source],
        /`--init-from` and `--resume` cannot be combined/,
      ],
    ];
    for (const [flags, message] of cases) {
      const io = captureIO();
      expect(
        await runMain(model, cfg, [...base, "--out", join(tempDir(), "x"), ...flags], io),
      ).toBe(1);
      expect(io.text()).toMatch(message);
    }
  });
});
