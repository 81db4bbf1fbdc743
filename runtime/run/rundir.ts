// Run directories: `runs/<name>-<YYYYMMDD-HHMMSS>/` (or --out DIR) holding run.json (the run's record:
// info.ts), source/ (the program's sources), metrics.jsonl, checkpoints/ and report.svg.
import { existsSync, mkdirSync, readdirSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import { runInfoPath } from "./info.ts";
import { inUseMessage, LOCK_FILE, lockHolder } from "./lock.ts";

export { writeFileAtomic } from "./atomic.ts";

export const DEFAULT_RUNS_DIR = "runs";

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
    const owner = existsSync(dir) ? lockHolder(dir) : null;
    if (owner !== null) throw new RuntimeUserError(inUseMessage(given, owner));
    // a stale lock alone (a training killed at once) leaves the directory as good as empty
    const entries = (): string[] => readdirSync(dir).filter((n) => n !== LOCK_FILE);
    if (existsSync(dir) && (!statSync(dir).isDirectory() || entries().length > 0)) {
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
    .filter((n) => n.startsWith(prefix))
    .map((n) => ({ dir: join(dir, n), info: runInfoPath(join(dir, n)) }))
    .filter((r): r is { dir: string; info: string } => r.info !== null)
    .sort((a, b) => statSync(b.info).mtimeMs - statSync(a.info).mtimeMs);
  return runs.length === 0 ? null : runs[0]!.dir;
}
