// Building a run from flags: the resolved config (train section + `--set` + flags), the run
// directory (new, or the one being resumed, with what changed since it started).
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
import { UsageError } from "./command-line.ts";
import { inUseMessage, lockHolder } from "./lock.ts";
import { applySettingOverrides } from "./overrides.ts";
import { checkSameModel, resumeChanges } from "./resume-changes.ts";
import { chooseRunDir, newestRun, DEFAULT_RUNS_DIR } from "./rundir.ts";
import { readRunInfo, type DropRecord } from "./info.ts";

/**
 * `--data FILE` / `--data sotu` as a data spec: FILE relative to the current folder, keeping the
 * section's tokenizer and validation fraction.
 */
export function dataOverride(base: DataSpec, value: string): DataSpec {
  const fallback = TRAIN_DEFAULTS.validation;
  const validation = base.kind === "text" ? (base.validation ?? fallback) : fallback;
  return {
    kind: "text",
    source: value === "sotu" ? "sotu" : { file: resolve(value) },
    tokenizer: base.kind === "text" ? (base.tokenizer ?? "bytes") : "bytes",
    validation,
  };
}

/** The train section with `--set` and the flags applied, resolved. */
export function configFromFlags(program: TrainConfig, flags: Flags): ResolvedTrainConfig {
  const config = applySettingOverrides(program, flags.set);
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
  /** What changed since the resumed run started (`steps 300 → 600`), all applied. */
  readonly changes: readonly string[];
  /** The `--set` flags of the run: those compiled into the program, then those given to it. */
  readonly overrides: readonly string[];
  /** A resumed run's `archc drop` record, kept in its run.json. */
  readonly dropped?: DropRecord;
}

/** Decides the run directory and config: a fresh run, or the run named by --resume. */
export function planRun(
  model: CompiledModel,
  config: TrainConfig,
  flags: Flags,
  runsRoot = DEFAULT_RUNS_DIR,
): RunPlan {
  const overrides = [...(config.overrides ?? []), ...flags.set];
  const resolved = configFromFlags(config, flags);
  if (flags.resume === undefined) {
    return {
      runDir: chooseRunDir(config.name, flags.out, runsRoot),
      config: resolved,
      previousBackend: null,
      createdAt: null,
      resuming: false,
      changes: [],
      overrides,
    };
  }
  if (flags.initFrom !== undefined)
    throw new UsageError(
      "`--init-from` and `--resume` cannot be combined",
      "`--resume` continues a run with its optimizer state; `--init-from` starts a new run from its weights",
    );
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
  // a run another training holds is reported as in use before anything is compared with it
  const holder = lockHolder(dir);
  if (holder !== null) throw new RuntimeUserError(inUseMessage(dir, holder));
  const info = readRunInfo(dir);
  checkSameModel(dir, info.model, model.meta);
  const changes = resumeChanges(info.config, resolved);
  return {
    runDir: dir,
    config: resolved,
    previousBackend: info.backend ?? null,
    createdAt: info.createdAt ?? null,
    resuming: true,
    changes,
    overrides: [...(info.overrides ?? []), ...flags.set],
    ...(info.dropped === undefined ? {} : { dropped: info.dropped }),
  };
}
