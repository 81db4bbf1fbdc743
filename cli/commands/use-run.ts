// Shared by the commands that use a trained run (`archc sample`, `archc eval`): the RUN arguments
// (several, as a shell glob `runs/GPT-*` gives: the newest run is used, and named), loading it with
// loadRun, the --backend flag, and numeric flags checked as usage errors.
import { existsSync } from "node:fs";
import { runDirOf } from "../../runtime/checkpoint/read.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";
import { readRunInfo, runInfoPath } from "../../runtime/run/info.ts";
import type { FlagValue } from "../../runtime/run/command-line.ts";
import { type Io, UsageError } from "../command.ts";
import { loadRun, type LoadedRun } from "../runs/load.ts";

/** The run directory a RUN argument names (a checkpoint folder's run), or null. */
function runOf(path: string): string | null {
  const dir = runDirOf(path);
  return existsSync(dir) && runInfoPath(dir) !== null ? dir : null;
}

/** When the run last trained (ISO time; "" when it has no record). */
function runTime(path: string): string {
  const dir = runOf(path);
  if (dir === null) return "";
  try {
    const info = readRunInfo(dir);
    return info.resumedAt ?? info.createdAt;
  } catch {
    return "";
  }
}

/** The RUN argument to use: the only one, or the newest run of several (told on stderr). */
export function pickRun(paths: readonly string[], io: Io): string {
  if (paths.length === 1) return paths[0]!;
  const runs = paths.filter((p) => runOf(p) !== null);
  if (runs.length === 0) return paths[0]!; // loadRun says what is wrong with it
  const newest = runs.reduce((a, b) => (runTime(b) > runTime(a) ? b : a));
  io.err(`using ${newest} (the newest of ${paths.length} runs)\n`);
  return newest;
}

/** The backend a RUN command selects: the flag's, else auto (as training). */
export function backendOf(flag: FlagValue): string {
  return typeof flag === "string" ? flag : "auto";
}

/**
 * Loads the run, runs `use` on it and frees it; a user error (loading or in `use`) is printed as
 * `error: …` with exit status 1.
 */
export async function withRun(
  paths: readonly string[],
  backend: FlagValue,
  io: Io,
  use: (run: LoadedRun) => Promise<number>,
): Promise<number> {
  const open = (): Promise<LoadedRun> =>
    loadRun(pickRun(paths, io), { backend: backendOf(backend), io });
  return withOpened(io, open, use, (run) => run.dispose());
}

/**
 * Opens something with `open`, runs `use` on it, then `close`s it; a user error (opening or in
 * `use`) is printed as `error: …` with exit status 1 (withRun; `archc drop`'s source, drop.ts).
 */
export async function withOpened<T>(
  io: Io,
  open: () => Promise<T>,
  use: (opened: T) => Promise<number>,
  close: (opened: T) => void = () => {},
): Promise<number> {
  let opened: T;
  try {
    opened = await open();
  } catch (e) {
    return userError(e, io);
  }
  try {
    return await use(opened);
  } catch (e) {
    return userError(e, io);
  } finally {
    close(opened);
  }
}

/** A RuntimeUserError printed as `error: …` (exit status 1); anything else is rethrown. */
function userError(e: unknown, io: Io): number {
  if (!(e instanceof RuntimeUserError)) throw e;
  io.err(`error: ${e.message}\n`);
  return 1;
}

/** A numeric flag's value (`fallback` when absent); a UsageError unless it is a number ≥ min (an integer if asked). */
export function numberFlag(
  flag: string,
  value: FlagValue,
  fallback: number,
  rule: { readonly min: number; readonly integer?: boolean },
): number {
  if (value === undefined) return fallback;
  const n = typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  const kind = rule.integer === true ? "an integer" : "a number";
  if (!Number.isFinite(n) || n < rule.min || (rule.integer === true && !Number.isInteger(n)))
    throw new UsageError(`--${flag} must be ${kind} ≥ ${rule.min}, got \`${String(value)}\``);
  return n;
}
