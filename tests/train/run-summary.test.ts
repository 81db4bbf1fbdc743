// The training loop's own terminal output on a fake clock (runtime/train/loop.ts with `now`): the
// slow first steps of a process do not inflate the ETA, and the run ends with one summary line
// (steps, wall time, mean tokens/s over every step, final loss), after Ctrl-C too.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, smallConfig, tempDir } from "./helpers.ts";
import { createParams, decayNames } from "../../runtime/init.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { makeDataset } from "../../runtime/data/index.ts";
import { resolveTrainConfig } from "../../runtime/train/config.ts";
import { trainLoop, type LoopResult } from "../../runtime/train/loop.ts";
import type { CompiledModel } from "../../runtime/model.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Seconds the n-th training forward (1-based) takes on the fake clock: compile-heavy first steps. */
const cost = (n: number): number => (n === 1 ? 4 : n === 2 ? 1.5 : 0.5);

/** Trains `steps` steps of the bigram model; each training forward advances the fake clock. */
async function run(
  steps: number,
  stopAt?: number,
): Promise<{ result: LoopResult; text: string; tokensPerStep: number }> {
  const base = bigramModel();
  let ms = 0;
  let forwards = 0;
  const model: CompiledModel = {
    ...base,
    forward: (p, x, ctx) => {
      if (ctx.training) ms += cost(++forwards) * 1000;
      return base.forward(p, x, ctx);
    },
  };
  const config = resolveTrainConfig({ ...smallConfig, steps, evalEvery: steps });
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
  const io = captureIO();
  const result = await trainLoop({
    model,
    params,
    optimizer,
    dataset,
    config,
    runDir: tempDir(),
    out: io.out,
    handleSignals: stopAt !== undefined,
    now: () => ms,
    // Ctrl-C at `stopAt`: the loop's own SIGINT listener (the last one added), called directly
    onStep: (s) => void (s === stopAt ? process.listeners("SIGINT").at(-1)?.("SIGINT") : undefined),
  });
  optimizer.dispose();
  for (const v of params.values()) v.dispose();
  return { result, text: io.text(), tokensPerStep: config.batch * model.meta.context };
}

describe("a run's progress lines and summary on a fake clock", () => {
  it("the first ETA is the steady one, and the summary counts every step", async () => {
    const steps = 40;
    const { result, text, tokensPerStep } = await run(steps);
    expect(result.status).toBe("completed");
    const lines = text.split("\n");
    const progress = lines.filter((l) => /^step \d+\/40 {2}/.test(l));
    // a line every 5% (2 steps): warm-up ends at step 5 (three agreeing steps after the first
    // two), so steps 2 and 4 show no ETA and step 6 the steady one
    expect(progress[0]).toMatch(/^step 2\/40 {2}loss \d+\.\d{4} {2}\d+ tok\/s {2}ETA …$/);
    expect(progress[1]).toMatch(/^step 4\/40 .*ETA …$/);
    expect(progress[2]).toBe(
      progress[2]!.replace(/ETA .*$/, "") + `ETA ${Math.round((steps - 6) * cost(6))}s`,
    );
    expect(progress[2]).toContain(`  ${Math.round(tokensPerStep / cost(6))} tok/s  `);
    const seconds = cost(1) + cost(2) + (steps - 2) * cost(3);
    const mean = Math.round((steps * tokensPerStep) / seconds).toLocaleString("en-US");
    const summary = lines.find((l) => l.startsWith("trained "));
    expect(summary).toMatch(
      new RegExp(
        `^trained 40 steps in ${Math.round(seconds)}s: ${mean} tok/s mean, final loss \\d+\\.\\d{4}$`,
      ),
    );
    // the final loss is the last step's
    const last = /loss (\d+\.\d{4})/.exec(progress.at(-1)!)![1];
    expect(summary!.endsWith(`final loss ${last}`)).toBe(true);
    expect(text).not.toMatch(/[\r\x1b]/);
  });

  it("an interrupted run prints its summary before saying where it was saved", async () => {
    const { result, text } = await run(40, 5);
    expect(result.status).toBe("interrupted");
    expect(text).toMatch(
      /\ntrained 5 steps in 7s: [\d,]+ tok\/s mean, final loss \d+\.\d{4}\nSaved checkpoint .* at step 5; continue with --resume /,
    );
  });
});
