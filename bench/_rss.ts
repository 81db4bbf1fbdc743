// Peak resident memory of this process for the benchmarks' child processes: Linux's VmHWM, the
// high-water mark of this address space, which `5 > /proc/self/clear_refs` resets to the current
// RSS. Not getrusage's ru_maxrss: a spawned child inherits the parent's RSS at fork into it
// (measured: 1 GiB held by the parent added 1 GiB to the child's ru_maxrss). Falls back to
// ru_maxrss where /proc is absent.
import { readFileSync, writeFileSync } from "node:fs";

/** Restarts the high-water mark at the current RSS (no-op where unsupported). */
export function resetHighWater(): void {
  try {
    writeFileSync("/proc/self/clear_refs", "5");
  } catch {
    // not Linux: the mark keeps what came before
  }
}

/** The peak RSS of this process in bytes since start or the last resetHighWater(). */
export function highWaterBytes(): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync("/proc/self/status", "utf8"));
    if (m !== null) return Number(m[1]) * 1024;
  } catch {
    // not Linux
  }
  return process.resourceUsage().maxRSS * 1024;
}
