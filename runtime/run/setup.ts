// Building a run from flags: the resolved config (train section + flag overrides), the run
// directory (new, or the one being resumed), and the training state restored from a checkpoint.
import { resolve } from "node:path";
import { TRAIN_DEFAULTS } from "../../spec/train.ts";
import { RuntimeUserError } from "../errors.ts";
import type { CompiledModel } from "../model.ts";
import {
  resolveTrainConfig,
  type DataSpec,
  type ResolvedTrainConfig,
  type TrainConfig,
} from "../train/config.ts";
import type { Flags } from "./args.ts";
import { UsageError } from "./args.ts";
import { chooseRunDir, newestRun, DEFAULT_RUNS_DIR } from "./rundir.ts";
import { readRunInfo } from "./info.ts";

/** `--data FILE` / `--data sotu` as a data spec (keeping the section's validation fraction). */
export function dataOverride(base: DataSpec, value: string): DataSpec {
  const fallback = TRAIN_DEFAULTS.validation;
  const validation = base.kind === "text" ? (base.validation ?? fallback) : fallback;
  return {
    kind: "text",
    source: value === "sotu" ? "sotu" : { file: resolve(value) },
    tokenizer: "bytes",
    validation,
  };
}

/** The train section with the flags applied, resolved (for a new run). */
export function configFromFlags(config: TrainConfig, flags: Flags): ResolvedTrainConfig {
  return resolveTrainConfig({
    ...config,
    ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
    ...(flags.batch !== undefined ? { batch: flags.batch } : {}),
    ...(flags.seed !== undefined ? { seed: flags.seed } : {}),
    ...(flags.evalEvery !== undefined ? { evalEvery: flags.evalEvery } : {}),
    ...(flags.checkpointEvery !== undefined ? { checkpointEvery: flags.checkpointEvery } : {}),
    ...(flags.data !== undefined ? { data: dataOverride(config.data, flags.data) } : {}),
  });
}

export interface RunPlan {
  readonly runDir: string;
  readonly config: ResolvedTrainConfig;
  /** The backend recorded by the resumed run (used unless --backend is given). */
  readonly previousBackend: string | null;
  /** When the resumed run was first created. */
  readonly createdAt: string | null;
  readonly resuming: boolean;
}

/** Decides the run directory and config: a fresh run, or the run named by --resume. */
export function planRun(
  model: CompiledModel,
  config: TrainConfig,
  flags: Flags,
  runsRoot = DEFAULT_RUNS_DIR,
): RunPlan {
  if (flags.resume === undefined) {
    const resolved = configFromFlags(config, flags);
    return {
      runDir: chooseRunDir(config.name, flags.out, runsRoot),
      config: resolved,
      previousBackend: null,
      createdAt: null,
      resuming: false,
    };
  }
  const dir =
    flags.resume === true
      ? flags.out !== undefined
        ? resolve(flags.out)
        : newestRun(config.name, runsRoot)
      : resolve(flags.resume);
  if (dir === null) {
    throw new RuntimeUserError(
      `There is no run of '${config.name}' under ${runsRoot}/ to resume. Start one without --resume, or pass --resume RUN_DIR.`,
    );
  }
  const info = readRunInfo(dir);
  if (info.model?.name !== undefined && info.model.name !== model.meta.name) {
    throw new RuntimeUserError(
      `Run '${dir}' trained model '${info.model.name}', not '${model.meta.name}'.`,
    );
  }
  const saved = info.config;
  const fixed: [string, unknown, unknown][] = [
    ["--batch", flags.batch, saved.batch],
    ["--seed", flags.seed, saved.seed],
  ];
  for (const [flag, given, was] of fixed) {
    if (given !== undefined && given !== was) {
      throw new UsageError(
        `${flag} cannot change when resuming: the run was started with ${flag} ${String(was)}.`,
      );
    }
  }
  if (
    flags.data !== undefined &&
    JSON.stringify(dataOverride(saved.data, flags.data)) !== JSON.stringify(saved.data)
  ) {
    throw new UsageError(
      "--data cannot change when resuming: the run keeps the data it started with.",
    );
  }
  const merged = resolveTrainConfig({
    ...saved,
    ...(flags.steps !== undefined ? { steps: flags.steps } : {}),
    ...(flags.evalEvery !== undefined ? { evalEvery: flags.evalEvery } : {}),
    ...(flags.checkpointEvery !== undefined ? { checkpointEvery: flags.checkpointEvery } : {}),
  });
  return {
    runDir: dir,
    config: merged,
    previousBackend: info.backend ?? null,
    createdAt: info.createdAt ?? null,
    resuming: true,
  };
}
