// The run directory lock, RUN/lock: one training at a time writes a run (metrics.jsonl, checkpoints,
// run.json). Taken with an exclusive create (O_EXCL), it holds the owner's pid, host and start time;
// a second training into the same directory is refused naming the owner. A lock whose process is
// gone (killed: SIGKILL, power loss) is stale: reported and taken over. Released when training ends.
import { hostname } from "node:os";
import { closeSync, existsSync, openSync, readFileSync, rmSync, writeSync } from "node:fs";
import { join } from "node:path";
import { RuntimeUserError } from "../errors.ts";

export const LOCK_FILE = "lock";

export interface LockOwner {
  readonly pid: number;
  readonly host: string;
  readonly startedAt: string;
  readonly argv: readonly string[];
}

/** Whether process `pid` exists on this machine (signal 0 probes without signalling). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM"; // exists, owned by someone else
  }
}

function readOwner(path: string): LockOwner | null {
  try {
    const o = JSON.parse(readFileSync(path, "utf8")) as LockOwner;
    return Number.isInteger(o.pid) ? o : null;
  } catch {
    return null; // torn or foreign: treated as stale
  }
}

/** The live owner of a run directory's lock, or null when it is unlocked or the lock is stale. */
export function lockHolder(dir: string): LockOwner | null {
  const path = join(dir, LOCK_FILE);
  if (!existsSync(path)) return null;
  const owner = readOwner(path);
  if (owner === null) return null;
  // another host's pid cannot be probed: its lock counts as held
  return owner.host !== hostname() || alive(owner.pid) ? owner : null;
}

const describeOwner = (o: LockOwner): string =>
  `process ${o.pid}${o.host !== hostname() ? ` on ${o.host}` : ""}, started ${o.startedAt}`;

/** The message for a run that another training holds. */
export function inUseMessage(dir: string, owner: LockOwner): string {
  return (
    `Run directory '${dir}' is in use by another training (${describeOwner(owner)}). ` +
    `Wait for it to finish, or train into another --out. If that process is gone, remove ${join(dir, LOCK_FILE)}.`
  );
}

export interface RunLock {
  /** Removes the lock if it is still this process's. */
  release(): void;
}

/** Locks `dir` (which exists) for this process; `note` hears about a stale lock taken over. */
export function lockRunDir(
  dir: string,
  argv: readonly string[],
  note: (text: string) => void,
): RunLock {
  const path = join(dir, LOCK_FILE);
  const me: LockOwner = {
    pid: process.pid,
    host: hostname(),
    startedAt: new Date().toISOString(),
    argv,
  };
  for (let attempt = 0; ; attempt++) {
    let fd: number;
    try {
      fd = openSync(path, "wx");
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      const owner = lockHolder(dir);
      if (owner !== null) throw new RuntimeUserError(inUseMessage(dir, owner));
      if (attempt > 0) throw new RuntimeUserError(`Could not lock run directory '${dir}'.`);
      const stale = readOwner(path);
      note(
        `note: taking over the stale lock of run directory '${dir}'` +
          (stale === null ? " (unreadable)" : ` (${describeOwner(stale)}, no longer running)`),
      );
      rmSync(path, { force: true });
      continue;
    }
    try {
      writeSync(fd, JSON.stringify(me) + "\n");
    } finally {
      closeSync(fd);
    }
    return {
      release: () => {
        if (readOwner(path)?.pid === process.pid) rmSync(path, { force: true });
      },
    };
  }
}
