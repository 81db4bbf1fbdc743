// The training loop on the real corpus with a tiny bigram model (cpu backend): the loss falls,
// metrics and the report are written, no tensor leaks, auxiliary losses, divergence handling.
import { readFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, checkWellFormedXml, smallConfig, tempDir } from "./helpers.ts";
import { createParams, decayNames } from "../../runtime/init.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { makeDataset } from "../../runtime/data/index.ts";
import { resolveTrainConfig, type TrainConfig } from "../../runtime/train/config.ts";
import { trainLoop } from "../../runtime/train/loop.ts";
import { readMetrics, type EvalRecord, type TrainRecord } from "../../runtime/train/metrics.ts";
import { runMain } from "../../runtime/run/main.ts";
import type { CompiledModel } from "../../runtime/model.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

async function train(model: CompiledModel, c: TrainConfig, onStep?: (s: number) => void) {
  const config = resolveTrainConfig(c);
  const params = createParams(model.params, config.seed);
  const o = config.optimizer;
  const optimizer = new AdamW({
    lr: o.lr,
    beta1: o.betas[0],
    beta2: o.betas[1],
    eps: o.eps,
    weightDecay: o.weightDecay,
    decay: decayNames(model.params),
  });
  const dataset = makeDataset(config.data, {
    vocab: model.meta.vocab,
    context: model.meta.context,
    batch: config.batch,
    seed: config.seed,
  });
  const runDir = tempDir();
  const io = captureIO();
  const result = await trainLoop({
    model,
    params,
    optimizer,
    dataset,
    config,
    runDir,
    out: io.out,
    handleSignals: false,
    ...(onStep ? { onStep } : {}),
  });
  optimizer.dispose();
  for (const v of params.values()) v.dispose();
  return { result, runDir, output: io.text() };
}

describe("training loop", () => {
  it("lowers the loss on the sotu corpus and writes metrics and a well-formed report", async () => {
    const runDir = tempDir();
    const io = captureIO();
    const code = await runMain(
      bigramModel(),
      { ...smallConfig, batch: 8, steps: 40, optimizer: { kind: "adamw", lr: 0.03, clip: 1 } },
      ["node", "train", "--backend", "cpu", "--out", runDir, "--sample", "20"],
      io,
    );
    expect(code, io.text()).toBe(0);
    const records = readMetrics(join(runDir, "metrics.jsonl"));
    const trainRecs = records.filter((r): r is TrainRecord => r.type === "train");
    const evals = records.filter((r): r is EvalRecord => r.type === "eval");
    expect(trainRecs.map((r) => r.step)).toEqual(Array.from({ length: 40 }, (_, i) => i + 1));
    expect(evals.map((r) => r.step)).toEqual([10, 20, 30, 40]);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    const first = mean(trainRecs.slice(0, 5).map((r) => r.loss));
    const last = mean(trainRecs.slice(-5).map((r) => r.loss));
    expect(first).toBeGreaterThan(5); // ≈ ln 256 = 5.55 at init
    expect(last).toBeLessThan(first - 1.2);
    expect(evals[3]!.valLoss).toBeLessThan(evals[0]!.valLoss);
    expect(evals[3]!.valBpb).toBeCloseTo(evals[3]!.valLoss / Math.LN2, 10);
    const text = io.text();
    expect(text).toContain("backend: cpu");
    expect(text).toMatch(
      /final validation loss \d+\.\d{4}, \d+\.\d{3} bits per byte, \d+\.\d{3} bits per token \(step 40\)/,
    );
    expect(text).toContain("sample: ");
    expect(text).toContain(`saved to`);
    const svg = readFileSync(join(runDir, "report.svg"), "utf8");
    checkWellFormedXml(svg);
    expect(svg).toContain("<svg");
    expect(svg).toMatch(/validation/);
    const config = JSON.parse(readFileSync(join(runDir, "run.json"), "utf8"));
    expect(config.config.steps).toBe(40);
    expect(config.backend).toBe("cpu");
    expect(config.versions).toEqual({ tfjs: tf.version_core, node: process.version });
    expect(config.build).toBeUndefined(); // runMain without a program: no source snapshot
    expect(existsSync(join(runDir, "checkpoints", "step-000040", "manifest.json"))).toBe(true);
  });

  it("keeps tf.memory().numTensors flat across steps (step 10 = step 50)", async () => {
    const counts = new Map<number, number>();
    const model = bigramModel({ context: 8, width: 8, aux: 0.01 });
    await train(
      model,
      { ...smallConfig, batch: 2, steps: 50, evalEvery: 20, checkpointEvery: 25 },
      (s) => {
        if (s === 10 || s === 50) counts.set(s, tf.memory().numTensors);
      },
    );
    expect(counts.get(10)).toBeDefined();
    expect(counts.get(50)).toBe(counts.get(10));
  });

  it("adds auxiliary losses to the objective and records statistics", async () => {
    const { runDir } = await train(bigramModel({ context: 8, width: 8, aux: 0.5 }), {
      ...smallConfig,
      batch: 2,
      steps: 3,
      checkpointEvery: 0,
    });
    const recs = readMetrics(join(runDir, "metrics.jsonl")).filter(
      (r): r is TrainRecord => r.type === "train",
    );
    expect(recs).toHaveLength(3);
    for (const r of recs) {
      expect(r.loss).toBeGreaterThan(r.ce);
      expect(r.stats?.["embedNorm"]).toHaveLength(1);
    }
  });

  it("stops on a NaN loss naming the step and the last good checkpoint", async () => {
    const { result, output, runDir } = await train(
      bigramModel({ context: 8, width: 8, nanAtStep: 12 }),
      { ...smallConfig, batch: 2, steps: 30 },
    );
    expect(result.status).toBe("diverged");
    expect(result.step).toBe(13);
    const ckpt = join(runDir, "checkpoints", "step-000010");
    expect(result.message).toBe(
      `Training diverged at step 13: the loss is NaN. The last good checkpoint is ${ckpt} (continue with --resume ${runDir}). ` +
        "Try a lower learning rate, a longer warm-up or gradient clipping.",
    );
    expect(output).toContain(result.message);
    expect(existsSync(join(runDir, "checkpoints", "step-000015"))).toBe(false);
  });

  it("stops on a non-finite gradient norm with a finite loss", async () => {
    const { result } = await train(bigramModel({ context: 8, width: 8, infGradAtStep: 6 }), {
      ...smallConfig,
      batch: 2,
      steps: 30,
    });
    expect(result.status).toBe("diverged");
    expect(result.message).toMatch(
      /^Training diverged at step 7: the gradient norm is (NaN|Infinity)\. The last good checkpoint is .*step-000005 /,
    );
  });

  it("makes runMain exit 1 on divergence, before any checkpoint", async () => {
    const io = captureIO();
    const runDir = tempDir();
    const code = await runMain(
      bigramModel({ context: 8, width: 8, nanAtStep: 2 }),
      { ...smallConfig, batch: 2 },
      ["node", "t", "--backend", "cpu", "--out", runDir],
      io,
    );
    expect(code).toBe(1);
    expect(io.text()).toContain(
      "Training diverged at step 3: the loss is NaN. No checkpoint was saved before it",
    );
  });
});
