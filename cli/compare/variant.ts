// One variant of `archc compare`: compile the .arch file, train it with the shared budget through
// the runtime's runMain (its own run directory: metrics.jsonl, checkpoint, report.svg), then measure
// the hidden-state norm per layer on a validation batch with the traced forward (ctx.trace).
import { createHash } from "node:crypto";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as tf from "../../runtime/tf.ts";
import { findLatestCheckpoint, readCheckpoint } from "../../runtime/checkpoint/index.ts";
import { makeDataset } from "../../runtime/data/index.ts";
import type { CompiledModel, ForwardContext } from "../../runtime/model.ts";
import { runMain } from "../../runtime/run/main.ts";
import { readRunInfo } from "../../runtime/run/info.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import { batchTensors } from "../../runtime/train/step.ts";
import { readMetrics, type EvalRecord, type TrainRecord } from "../../runtime/train/metrics.ts";
import { compileFile, writeOutput } from "../../compiler/compile.ts";
import type { Budget } from "./budget.ts";
import { budgetConfig } from "./budget.ts";

export interface VariantResult {
  readonly file: string;
  /** The label in tables and legends (the file's stem). */
  readonly label: string;
  readonly model: string;
  readonly params: number;
  readonly runDir: string;
  /** Run exit status of runMain (0: trained). */
  readonly status: number;
  readonly schedule: string;
  readonly finalTrainLoss: number;
  readonly valLoss: number;
  readonly valBpb: number;
  /** Mean ‖x_ℓ‖ over the tokens of one validation batch, after each top-level block ℓ = 1..L. */
  readonly hiddenNorms: readonly number[];
  readonly seconds: number;
}

/** Compiled and imported; undefined with the diagnostics' text when the file has errors. */
export async function loadProgram(
  file: string,
  outDir: string,
): Promise<{ model: CompiledModel; config: TrainConfig } | { error: string }> {
  const r = await compileFile(file, { outDir });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.files === undefined || errors.length > 0)
    return { error: errors.map((d) => `${d.code} ${d.message}`).join("; ") || "defines no model" };
  if (!r.trains) return { error: "has no train section" };
  writeOutput(outDir, r.files);
  const code = r.files.find((f) => f.path === "model.ts")!.text;
  const v = createHash("sha256").update(code).digest("hex").slice(0, 12);
  const mod = (await import(`${pathToFileURL(join(outDir, "model.ts")).href}?v=${v}`)) as {
    model: CompiledModel;
    trainConfig: TrainConfig;
  };
  return { model: mod.model, config: mod.trainConfig };
}

/** Trains one compiled variant under `budget` and measures it. */
export async function runVariant(
  file: string,
  label: string,
  model: CompiledModel,
  config: TrainConfig,
  budget: Budget,
  runDir: string,
  log: (text: string) => void,
): Promise<VariantResult> {
  const { config: cfg, schedule } = budgetConfig(config, budget);
  const argv = ["node", file, "--steps", String(budget.steps), "--batch", String(cfg.batch)];
  argv.push("--seed", String(budget.seed), "--out", runDir, "--sample", "0", "--quiet");
  if (budget.backend !== undefined) argv.push("--backend", budget.backend);
  const sink = { write: (t: string): boolean => (log(t), true) };
  const t0 = performance.now();
  const status = await runMain(model, cfg, argv, { out: sink, err: sink });
  const seconds = (performance.now() - t0) / 1000;
  const records = readMetrics(join(runDir, "metrics.jsonl"));
  const train = records.filter((r): r is TrainRecord => r.type === "train");
  const evals = records.filter((r): r is EvalRecord => r.type === "eval");
  const last = evals[evals.length - 1];
  const tail = train.slice(-Math.max(1, Math.ceil(train.length / 10))).map((r) => Number(r.loss));
  return {
    file,
    label,
    model: model.meta.name,
    params: model.meta.paramCount,
    runDir,
    status,
    schedule,
    finalTrainLoss: tail.reduce((a, b) => a + b, 0) / Math.max(1, tail.length),
    valLoss: last === undefined ? NaN : Number(last.valLoss),
    valBpb: last === undefined ? NaN : Number(last.valBpb),
    hiddenNorms: status === 0 ? await hiddenNorms(model, runDir) : [],
    seconds,
  };
}

/** Mean ‖x_ℓ‖₂ per token after each top-level block, with the run's final weights, on validation batch 0. */
export async function hiddenNorms(model: CompiledModel, runDir: string): Promise<number[]> {
  const ckpt = findLatestCheckpoint(runDir);
  if (ckpt === null) return [];
  const cfg = readRunInfo(runDir).config;
  const { tensors } = readCheckpoint(ckpt);
  const params = new Map(
    tensors
      .filter((t) => t.group === "param")
      .map((t) => [t.name, tf.variable(tf.tensor(t.values, [...t.shape]), false)] as const),
  );
  const data = makeDataset(cfg.data, {
    vocab: model.meta.vocab,
    context: model.meta.context,
    batch: cfg.batch,
    seed: cfg.seed,
  });
  const norms: [string, tf.Scalar][] = [];
  const ctx: ForwardContext = {
    training: false,
    step: cfg.steps,
    seed: 0,
    aux: { addLoss: () => undefined, addStat: () => undefined },
    trace: (block, h) => void norms.push([block, tf.keep(tf.mean(tf.norm(h, "euclidean", -1)))]),
  };
  try {
    tf.tidy(() => {
      const { x } = batchTensors(data.validation(1)[0]!);
      model.forward(params, x, ctx);
    });
    const out: number[] = [];
    for (const [, t] of norms) out.push((await t.data())[0]!);
    return out;
  } finally {
    for (const [, t] of norms) t.dispose();
    for (const v of params.values()) v.dispose();
  }
}
