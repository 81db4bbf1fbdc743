// Run directories: `runs/<name>-<YYYYMMDD-HHMMSS>/` (or --out DIR) holding config.json (the resolved
// config, the model's meta, backend and command line), metrics.jsonl, checkpoints/ and report.svg.
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readFileSync,
  readdirSync,
  renameSync,
  statSync,
  writeSync,
} from "node:fs";
import { join, resolve } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import type { ModelMeta } from "../model.ts";
import type { ResolvedTrainConfig } from "../train/config.ts";
import type { InitFromReport } from "./init-from.ts";

export const DEFAULT_RUNS_DIR = "runs";

export interface RunInfo {
  readonly name: string;
  readonly model: ModelMeta;
  readonly config: ResolvedTrainConfig;
  readonly backend: string;
  readonly createdAt: string;
  /** Set when the run was last resumed. */
  readonly resumedAt?: string;
  readonly argv: readonly string[];
  /** The `--set NAME=VALUE` flags of this run: compiled into the program, then given to it. */
  readonly overrides?: readonly string[];
  /** `--init-from`: the weights the run started from, and what was loaded, new or dropped. */
  readonly initFrom?: InitFromReport;
}

function slug(name: string): string {
  return name.replace(/[^A-Za-z0-9_.-]+/g, "-").replace(/^-+|-+$/g, "") || "run";
}

function timestamp(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, "0");
  return `${d.getFullYear()}${p(d.getMonth() + 1)}${p(d.getDate())}-${p(d.getHours())}${p(d.getMinutes())}${p(d.getSeconds())}`;
}

/** Picks a new run directory (`given` exactly, or a fresh timestamped one under `root`); creates nothing. */
export function chooseRunDir(
  name: string,
  given: string | undefined,
  root = DEFAULT_RUNS_DIR,
): string {
  if (given !== undefined) {
    const dir = resolve(given);
    if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      throw new RuntimeUserError(
        `Run directory '${given}' already exists and is not empty. Continue it with --resume ${given}, or choose another --out.`,
      );
    }
    return dir;
  }
  const base = join(resolve(root), `${slug(name)}-${timestamp(new Date())}`);
  let dir = base;
  for (let i = 2; existsSync(dir); i++) dir = `${base}-${i}`;
  return dir;
}

export function makeDir(dir: string): void {
  mkdirSync(dir, { recursive: true });
}

/** The newest run directory of `name` under `root` (by its timestamped name), or null. */
export function newestRun(name: string, root = DEFAULT_RUNS_DIR): string | null {
  const dir = resolve(root);
  if (!existsSync(dir)) return null;
  const prefix = `${slug(name)}-`;
  const runs = readdirSync(dir)
    .filter((n) => n.startsWith(prefix) && existsSync(join(dir, n, "config.json")))
    .sort(
      (a, b) =>
        statSync(join(dir, b, "config.json")).mtimeMs -
        statSync(join(dir, a, "config.json")).mtimeMs,
    );
  return runs.length === 0 ? null : join(dir, runs[0]!);
}

/** Writes a file atomically (text as UTF-8): temp file, every byte written, fsync, rename. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const bytes = typeof data === "string" ? Buffer.from(data, "utf8") : data;
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, "w");
  try {
    let done = 0;
    while (done < bytes.length) done += writeSync(fd, bytes, done, bytes.length - done);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

export function writeRunInfo(dir: string, info: RunInfo): void {
  writeFileAtomic(join(dir, "config.json"), JSON.stringify(info, null, 2) + "\n");
}

export function readRunInfo(dir: string): RunInfo {
  const path = join(dir, "config.json");
  if (!existsSync(dir)) throw new RuntimeUserError(`Run directory '${dir}' does not exist.`);
  if (!existsSync(path))
    throw new RuntimeUserError(`'${dir}' is not a run directory: it has no config.json.`);
  try {
    return JSON.parse(readFileSync(path, "utf8")) as RunInfo;
  } catch (err) {
    throw new RuntimeUserError(`'${path}' is not valid JSON: ${(err as Error).message}`, {
      cause: err,
    });
  }
}
