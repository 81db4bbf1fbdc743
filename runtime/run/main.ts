// The entry point a generated program calls:
//   process.exitCode = await runMain(model, trainConfig, process.argv);
// Parses flags, selects the backend, builds parameters/optimizer/data, trains (or resumes), prints
// the final validation loss and bits per byte, a short sample and where the run was saved.
// Exit codes (runtime/run/exit.ts, archc's too): 0 done, 1 user error (bad flags included) or
// divergence, 2 an internal error (an unexpected exception), 130 interrupted (checkpoint saved).
import * as tf from "../tf.ts";
import { basename, join, relative } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import type { CompiledModel } from "../model.ts";
import { chooseBackend, describeBackend } from "../backend.ts";
import { createParams, decayNames, disposeParams } from "../init.ts";
import { AdamW } from "../optim/adamw.ts";
import { makeDataset } from "../data/index.ts";
import { findLatestCheckpoint, readCheckpoint, restoreState } from "../checkpoint/index.ts";
import type { TrainConfig } from "../train/config.ts";
import { describeBits, evaluate } from "../train/evaluate.ts";
import { trainLoop } from "../train/loop.ts";
import { allParamInits, Growth, stageAfter } from "../train/grow.ts";
import { MetricsWriter } from "../train/metrics.ts";
import type { Output } from "../train/progress.ts";
import { sample, sampleTokens } from "../decode/generate.ts";
import { SAMPLE_DEFAULTS } from "../decode/sampler.ts";
import { archcReport } from "../report/report.ts";
import { parseFlags, usage } from "./args.ts";
import { formatUsageError, UsageError } from "./command-line.ts";
import {
  EXIT_INTERNAL_ERROR,
  EXIT_STATUS_HELP,
  EXIT_USER_ERROR,
  internalErrorReport,
} from "./exit.ts";
import { describeInit, initFrom } from "./init-from.ts";
import { planRun } from "./setup.ts";
import { clearAttentionCache } from "../ops/attention.ts";
import { HashTables } from "../ops/hash-tables.ts";
import { withHashTables } from "../train/hash-model.ts";
import { makeDir } from "./rundir.ts";
import { writeRunInfo } from "./info.ts";
import { keepSources } from "./snapshot.ts";
import { lockRunDir, type RunLock } from "./lock.ts";

export interface MainIO {
  /** Default process.stdout / process.stderr. */
  readonly out?: Output;
  readonly err?: Output;
  /** Where new runs go (default `runs`). */
  readonly runsRoot?: string;
  /** The program's model.ts (`import.meta.url`): its build.json and source/ are kept in the run. */
  readonly program?: string;
}

interface Io extends MainIO {
  readonly out: Output;
  readonly err: Output;
}

const shown = (dir: string): string => {
  const rel = relative(process.cwd(), dir);
  return rel !== "" && !rel.startsWith("..") ? rel : dir;
};

/** Runs a training program; resolves to the process exit code. `argv` is process.argv. */
export async function runMain(
  model: CompiledModel,
  config: TrainConfig,
  argv: readonly string[],
  given: MainIO = {},
): Promise<number> {
  const io: Io = { ...given, out: given.out ?? process.stdout, err: given.err ?? process.stderr };
  const program = basename(argv[1] ?? "train");
  try {
    return await runMainInner(model, config, argv.slice(2), io, program);
  } catch (err) {
    if (err instanceof UsageError) {
      io.err.write(formatUsageError(err));
      return EXIT_USER_ERROR;
    }
    if (err instanceof RuntimeUserError) {
      io.err.write(`error: ${err.message}\n`);
      return EXIT_USER_ERROR;
    }
    io.err.write(internalErrorReport("runtime", err));
    return EXIT_INTERNAL_ERROR;
  } finally {
    // the run's end (done, diverged, interrupted or failed) also ends the masks and position
    // tables its forwards cached, so a process that trains again holds none of them (docs/runtime.md)
    clearAttentionCache();
  }
}

async function runMainInner(
  compiled: CompiledModel,
  config: TrainConfig,
  args: string[],
  io: Io,
  program: string,
): Promise<number> {
  const flags = parseFlags(args, program);
  if (flags.help) {
    io.out.write(`${usage(program)}\n\n${EXIT_STATUS_HELP}\n`);
    return 0;
  }
  const say = (text: string): void => void (flags.quiet ? undefined : io.out.write(text + "\n"));
  const plan = planRun(compiled, config, flags, io.runsRoot);
  const cfg = plan.config;
  const choice = await chooseBackend(flags.backend ?? plan.previousBackend ?? "auto");
  const backend = choice.name;
  say(`backend: ${describeBackend(choice)}`);

  const dataset = makeDataset(cfg.data, {
    vocab: compiled.meta.vocab,
    context: compiled.meta.context,
    batch: cfg.batch,
    seed: cfg.seed,
  });
  // hash layers route by tables built from the training data (recorded in the checkpoints; a
  // resumed run replaces them with the checkpoint's below, before the first forward)
  const counts = dataset.trainTokenCounts?.() ?? null;
  let hashTables = new HashTables(counts, cfg.seed);
  const model = withHashTables(compiled, () => hashTables);
  // A growing model starts at the stage its checkpoint holds (below); its params live in `growth`.
  let growth: Growth | undefined;
  let params = model.grow === undefined ? createParams(model.params, cfg.seed) : new Map();
  const o = cfg.optimizer;
  const optimizer = new AdamW({
    lr: o.lr,
    beta1: o.betas[0],
    beta2: o.betas[1],
    eps: o.eps,
    weightDecay: o.weightDecay,
    decay: decayNames(allParamInits(model)),
  });
  let lock: RunLock | undefined;
  try {
    const runDir = plan.runDir;
    makeDir(runDir);
    lock = lockRunDir(runDir, [program, ...args], (t) => void io.err.write(t + "\n"));
    const metrics = new MetricsWriter(join(runDir, "metrics.jsonl"));
    let startStep = 0;
    let resumedFrom: string | null = null;
    if (plan.resuming) {
      resumedFrom = findLatestCheckpoint(runDir);
      if (resumedFrom === null) {
        say(`No complete checkpoint in ${shown(runDir)}: starting it again from step 0.`);
      } else {
        const note = (text: string): void => void io.err.write(text + "\n");
        const { manifest, tensors } = readCheckpoint(resumedFrom, { note });
        hashTables = new HashTables(counts, cfg.seed, manifest.hashTables ?? {});
        if (model.grow !== undefined) {
          growth = Growth.start(
            model,
            manifest.growStage ?? stageAfter(model.grow, manifest.step),
            cfg.seed,
          );
          params = growth.params;
        }
        restoreState(params, optimizer, tensors, manifest.optimizerStep, resumedFrom);
        dataset.setState(manifest.data);
        startStep = manifest.step;
        say(`resuming from ${shown(resumedFrom)} (step ${startStep})`);
        for (const c of plan.changes) say(`  changed since the run started: ${c}`);
      }
      metrics.truncateAfter(startStep);
    }
    if (model.grow !== undefined && growth === undefined) {
      growth = Growth.start(model, 0, cfg.seed);
      params = growth.params;
    }
    const init =
      flags.initFrom === undefined
        ? undefined
        : initFrom(params, flags.initFrom, flags.initPartial);
    if (init !== undefined) for (const line of describeInit(init, shown)) say(line);
    const build = io.program === undefined ? undefined : keepSources(runDir, io.program);
    writeRunInfo(runDir, {
      name: cfg.name,
      model: model.meta,
      config: cfg,
      backend,
      createdAt: plan.createdAt ?? new Date().toISOString(),
      ...(plan.resuming ? { resumedAt: new Date().toISOString() } : {}),
      argv: [program, ...args],
      ...(plan.overrides.length === 0 ? {} : { overrides: plan.overrides }),
      ...(init === undefined ? {} : { initFrom: init }),
      versions: {
        ...(build === undefined ? {} : { archc: build.archc }),
        tfjs: tf.version_core,
        node: process.version,
      },
      ...(build === undefined ? {} : { build }),
      ...(plan.dropped === undefined ? {} : { dropped: plan.dropped }),
    });
    say(
      `model: ${model.meta.name}, ${model.meta.paramCount.toLocaleString("en-US")} parameters, context ${model.meta.context}`,
    );
    say(`data: ${dataset.description}`);
    say(`run: ${shown(runDir)}`);

    const result = await trainLoop({
      model,
      params,
      optimizer,
      dataset,
      config: cfg,
      runDir,
      startStep,
      resumedFrom,
      out: io.out,
      quiet: flags.quiet,
      hashTables,
      ...(growth !== undefined ? { growth } : {}),
    });
    const live = growth?.model ?? model;
    if (growth !== undefined) params = growth.params;
    await archcReport([runDir], join(runDir, "report.svg"));
    if (result.status === "diverged") return 1;
    if (result.status === "interrupted") return 130;

    const final =
      result.lastEval ??
      (await evaluate(live, params, dataset, { maxBatches: cfg.evalBatches, step: result.step }));
    io.out.write(
      `final validation loss ${final.loss.toFixed(4)}, ${describeBits(final, true)} (step ${result.step})\n`,
    );
    const n = flags.sample ?? 200;
    const noDecode = live.meta.noDecode;
    if (n > 0 && noDecode !== undefined) io.out.write(`sample: none (${noDecode})\n`);
    else if (n > 0) {
      const opts = { ...SAMPLE_DEFAULTS, tokens: n, seed: cfg.seed, step: result.step };
      const tokenizer = dataset.tokenizer;
      const text =
        tokenizer !== undefined
          ? JSON.stringify("The" + (await sample(live, params, "The", { ...opts, tokenizer })))
          : (await sampleTokens(live, params, [], opts)).join(" ");
      io.out.write(`sample: ${text}\n`);
    }
    io.out.write(
      `saved to ${shown(runDir)} (checkpoint ${basename(result.lastCheckpoint ?? "none")}, metrics.jsonl, report.svg)\n`,
    );
    return 0;
  } finally {
    lock?.release();
    optimizer.dispose();
    disposeParams(growth?.params ?? params);
  }
}
