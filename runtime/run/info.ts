// The run's own record, RUN/run.json: what was trained (model meta and description, the resolved
// train config, the build with its source snapshot listing), with what (archc, tfjs and node
// versions, the backend actually used), how (the command line) and when (created, last resumed).
// Runs written before run.json kept the same record as RUN/config.json: still read, as a fallback.
import { existsSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { BuildInfo } from "../../spec/build.ts";
import { RuntimeUserError } from "../errors.ts";
import type { ModelMeta } from "../model.ts";
import type { ResolvedTrainConfig } from "../train/config.ts";
import { writeFileAtomic } from "./atomic.ts";
import type { InitFromReport } from "./init-from.ts";

export const RUN_INFO_FILE = "run.json";
/** Where runs before run.json kept their record (the name export now uses for the model's config). */
export const LEGACY_RUN_INFO_FILE = "config.json";

export interface RunVersions {
  /** The archc that compiled the program (its build record), when known. */
  readonly archc?: string;
  readonly tfjs: string;
  readonly node: string;
}

export interface RunInfo {
  readonly name: string;
  readonly model: ModelMeta;
  readonly config: ResolvedTrainConfig;
  /** The backend the run actually used (`wasm` for `--backend auto` without tfjs-node). */
  readonly backend: string;
  readonly createdAt: string;
  /** Set when the run was last resumed. */
  readonly resumedAt?: string;
  readonly argv: readonly string[];
  /** The `--set NAME=VALUE` flags of this run: compiled into the program, then given to it. */
  readonly overrides?: readonly string[];
  /** `--init-from`: the weights the run started from, and what was loaded, new or dropped. */
  readonly initFrom?: InitFromReport;
  /** Absent in runs written before versions were recorded. */
  readonly versions?: RunVersions;
  /** The program's build: entry, compile settings, and the RUN/source/ files (absent: no snapshot). */
  readonly build?: BuildInfo;
  /** Set by `archc drop`: the run the layers were dropped from (build.settings.drop says which). */
  readonly dropped?: DropRecord;
}

/** Where a dropped run came from (`archc drop`, docs/runs.md); layer indices as trained, 0-based. */
export interface DropRecord {
  /** The source run directory and checkpoint folder (absolute), and the checkpoint's step. */
  readonly from: string;
  readonly checkpoint: string;
  readonly step: number;
  /** Layers of the trained model (all L of them) removed, and those whose attention was removed. */
  readonly layers: readonly number[];
  readonly attention: readonly number[];
  /** The trained model's depth L. */
  readonly depth: number;
  /** `--strategy top --count 2`, when a strategy chose the layers. */
  readonly strategy?: string;
}

/** The path of a run directory's record (run.json, else an older run's config.json), or null. */
export function runInfoPath(dir: string): string | null {
  for (const name of [RUN_INFO_FILE, LEGACY_RUN_INFO_FILE]) {
    const path = join(dir, name);
    if (existsSync(path) && isRunInfoFile(path)) return path;
  }
  return null;
}

/** A config.json beside an export is a model description, not a run record: only run records count. */
function isRunInfoFile(path: string): boolean {
  if (path.endsWith(RUN_INFO_FILE)) return true;
  try {
    const data = JSON.parse(readFileSync(path, "utf8")) as { config?: unknown; format?: unknown };
    return data.format === undefined;
  } catch {
    return true; // unreadable: readRunInfo reports it
  }
}

/** Writes run.json; an older run's config.json record, now superseded, is removed. */
export function writeRunInfo(dir: string, info: RunInfo): void {
  writeFileAtomic(join(dir, RUN_INFO_FILE), JSON.stringify(info, null, 2) + "\n");
  const legacy = join(dir, LEGACY_RUN_INFO_FILE);
  if (existsSync(legacy) && isRunInfoFile(legacy)) rmSync(legacy);
}

export function readRunInfo(dir: string): RunInfo {
  if (!existsSync(dir)) throw new RuntimeUserError(`Run directory '${dir}' does not exist.`);
  const path = runInfoPath(dir);
  if (path === null)
    throw new RuntimeUserError(`'${dir}' is not a run directory: it has no ${RUN_INFO_FILE}.`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunInfo;
  } catch (err) {
    throw new RuntimeUserError(`'${path}' is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
