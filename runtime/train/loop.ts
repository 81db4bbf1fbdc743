// The training loop: steps, periodic evaluation, checkpoints, metrics, progress, divergence and
// Ctrl-C handling. Everything a step creates is disposed (tf.memory().numTensors stays flat).
//   • NaN/Inf loss or gradient norm: stops, reports the step and the last good checkpoint (status
//     "diverged"; the CLI exits 1). The bad update is never checkpointed.
//   • SIGINT/SIGTERM: finishes the current step, saves a checkpoint, returns "interrupted" (exit 130);
//     a second Ctrl-C quits at once (checkpoints are atomic, so nothing is corrupted).
import { join } from "node:path";
import type { CompiledModel, Params } from "../model.ts";
import type { Optimizer } from "../optim/types.ts";
import { learningRate } from "../optim/schedules.ts";
import type { Dataset } from "../data/types.ts";
import { snapshotState, writeCheckpoint } from "../checkpoint/index.ts";
import type { ResolvedTrainConfig } from "./config.ts";
import { describeBits, evaluate, type EvalResult } from "./evaluate.ts";
import { MetricsWriter } from "./metrics.ts";
import { formatDuration, Progress, type Output } from "./progress.ts";
import { StepRate } from "./rate.ts";
import { trainStep } from "./step.ts";
import type { Growth } from "./grow.ts";
import type { HashTables } from "../ops/hash-tables.ts";

export interface LoopOptions {
  readonly model: CompiledModel;
  readonly params: Params;
  readonly optimizer: Optimizer;
  readonly dataset: Dataset;
  readonly config: ResolvedTrainConfig;
  readonly runDir: string;
  /** Updates already done (from a checkpoint). */
  readonly startStep?: number;
  /** The checkpoint the run resumed from, if any (the "last good checkpoint" until a new one). */
  readonly resumedFrom?: string | null;
  readonly out: Output;
  readonly quiet?: boolean;
  /** Install SIGINT/SIGTERM handlers (default true). */
  readonly handleSignals?: boolean;
  /** A growing model (grow section): `model`/`params` are its live ones; it advances at event steps. */
  readonly growth?: Growth;
  /** The run's hash-routing tables, recorded in every checkpoint (model state, not trained). */
  readonly hashTables?: HashTables;
  /** Milliseconds clock for step times and the ETA (default performance.now; tests pass a fake). */
  readonly now?: () => number;
  /** Called after every step (tests). */
  readonly onStep?: (step: number) => void | Promise<void>;
}

export type LoopStatus = "completed" | "interrupted" | "diverged";

export interface LoopResult {
  readonly status: LoopStatus;
  /** Updates completed. */
  readonly step: number;
  readonly lastCheckpoint: string | null;
  /** The last evaluation (the final one when completed). */
  readonly lastEval: EvalResult | null;
  /** For "diverged": the message printed. */
  readonly message?: string;
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

export async function trainLoop(o: LoopOptions): Promise<LoopResult> {
  const { optimizer, dataset, config, runDir, growth } = o;
  let { model, params } = o;
  const total = config.steps;
  const metrics = new MetricsWriter(join(runDir, "metrics.jsonl"));
  const now = o.now ?? ((): number => performance.now());
  const progress = new Progress(o.out, total, o.quiet === true, { now });
  const tokensPerStep = dataset.batch * dataset.context;
  const rate = new StepRate(tokensPerStep);
  let lastLoss: number | undefined;
  let step = o.startStep ?? 0;
  let lastCheckpoint = o.resumedFrom ?? null;
  let lastSavedStep = o.resumedFrom != null ? step : -1;
  let lastEval: EvalResult | null = null;
  let stopRequested = false;
  const started = Date.now();
  const elapsed = (): number => (Date.now() - started) / 1000;
  const wallStart = now();
  /** `trained 150 steps in 41s: 3,050 tok/s mean, final loss 2.4512` (this process's steps). */
  const summary = (): void => {
    progress.finish();
    const t = rate.totals();
    if (t.steps === 0) return;
    progress.log(
      `trained ${t.steps} step${t.steps === 1 ? "" : "s"} in ${formatDuration((now() - wallStart) / 1000)}: ` +
        `${Math.round(t.tokensPerSec).toLocaleString("en-US")} tok/s mean, final loss ${lastLoss?.toFixed(4) ?? "?"}`,
    );
  };

  const onSignal = (): void => {
    if (stopRequested) {
      progress.log("Interrupted again: quitting without saving.", true);
      process.exit(130);
    }
    stopRequested = true;
    progress.log(
      "Interrupted: saving a checkpoint after this step (Ctrl-C again to quit at once)…",
      true,
    );
  };
  const signals = o.handleSignals !== false;
  if (signals) {
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
  }

  const checkpoint = async (): Promise<void> => {
    const { tensors, optimizerStep } = await snapshotState(params, optimizer);
    lastCheckpoint = writeCheckpoint(
      runDir,
      {
        step,
        optimizerStep,
        data: dataset.getState(),
        seed: config.seed,
        model: model.meta.name,
        ...(growth !== undefined ? { growStage: growth.stage } : {}),
        ...(o.hashTables !== undefined ? { hashTables: o.hashTables.record() } : {}),
      },
      tensors,
    );
    lastSavedStep = step;
  };

  try {
    while (step < total && !stopRequested) {
      const t0 = now();
      const lr = learningRate(config.schedule, config.optimizer.lr, step, total);
      const batch = dataset.nextTrain();
      while (growth?.due(step) === true) {
        const g = await growth.advance(step, optimizer, config.seed, batch);
        ({ model, params } = growth);
        metrics.write(g);
        progress.log(
          `step ${step}: grew ${g.event}: ${g.paramsBefore.toLocaleString("en-US")} → ${g.paramsAfter.toLocaleString("en-US")} parameters` +
            (g.lossBefore !== undefined
              ? `, loss ${g.lossBefore.toFixed(5)} → ${g.lossAfter?.toFixed(5)}`
              : ""),
        );
      }
      const r = await trainStep(model, params, optimizer, batch, {
        lr,
        clip: config.optimizer.clip,
        step,
        seed: config.seed,
        steps: total,
      });
      step += 1;
      if (!Number.isFinite(r.loss) || !Number.isFinite(r.gradNorm)) {
        const what = !Number.isFinite(r.loss)
          ? `the loss is ${r.loss}`
          : `the gradient norm is ${r.gradNorm}`;
        const where =
          lastCheckpoint === null
            ? "No checkpoint was saved before it, so the run cannot be resumed."
            : `The last good checkpoint is ${lastCheckpoint} (continue with --resume ${runDir}).`;
        const message =
          `Training diverged at step ${step}: ${what}. ${where} ` +
          "Try a lower learning rate, a longer warm-up or gradient clipping.";
        progress.log(message, true);
        return { status: "diverged", step, lastCheckpoint, lastEval, message };
      }
      const seconds = (now() - t0) / 1000;
      const inst = tokensPerStep / Math.max(seconds, 1e-9);
      rate.add(seconds);
      lastLoss = r.loss;
      metrics.write({
        type: "train",
        step,
        loss: r.loss,
        ce: r.ce,
        lr,
        gradNorm: r.gradNorm,
        tokensPerSec: Math.round(inst),
        elapsed: elapsed(),
        ...(Object.keys(r.aux).length > 0 ? { aux: r.aux } : {}),
        ...(Object.keys(r.stats).length > 0 ? { stats: r.stats } : {}),
      });
      progress.update(step, r.loss, rate.rate(), rate.eta(total - step));
      if (step % config.evalEvery === 0 || step === total) {
        lastEval = await evaluate(model, params, dataset, { maxBatches: config.evalBatches, step });
        metrics.write({
          type: "eval",
          step,
          valLoss: lastEval.loss,
          ...(lastEval.bpb !== undefined ? { valBpb: lastEval.bpb } : {}),
          valBitsPerToken: lastEval.bitsPerToken,
          elapsed: elapsed(),
        });
        progress.log(
          `step ${step}: validation loss ${lastEval.loss.toFixed(4)}, ${describeBits(lastEval)}`,
        );
      }
      if ((config.checkpointEvery > 0 && step % config.checkpointEvery === 0) || step === total)
        await checkpoint();
      await o.onStep?.(step);
      await nextTick();
    }
    if (stopRequested) {
      if (lastSavedStep !== step) await checkpoint();
      summary();
      progress.log(
        `Saved checkpoint ${lastCheckpoint} at step ${step}; continue with --resume ${runDir}.`,
        true,
      );
      return { status: "interrupted", step, lastCheckpoint, lastEval };
    }
    summary();
    return { status: "completed", step, lastCheckpoint, lastEval };
  } finally {
    progress.finish();
    if (signals) {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
    }
  }
}
