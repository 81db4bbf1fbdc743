// Checks shared by the commands that read training runs (`archc report`, `export`, `upcycle`): a
// run directory must exist, be a directory, and hold what the training program writes there.
import { existsSync, statSync } from "node:fs";
import { join } from "node:path";
import { isCheckpointDir } from "../../runtime/checkpoint/read.ts";
import { RUN_INFO_FILE, runInfoPath } from "../../runtime/run/info.ts";

/** Why `dir` is not a usable run directory, or undefined when it is one. */
export function runDirProblem(dir: string): string | undefined {
  if (!existsSync(dir)) return `run directory \`${dir}\` does not exist`;
  if (!statSync(dir).isDirectory()) return `\`${dir}\` is not a directory`;
  if (!existsSync(join(dir, "metrics.jsonl")) && runInfoPath(dir) === null)
    return `\`${dir}\` is not a run directory (it has no metrics.jsonl or ${RUN_INFO_FILE})`;
  return undefined;
}

/** Why `dir` is neither a usable run directory nor a checkpoint folder, or undefined. */
export function runOrCheckpointProblem(dir: string): string | undefined {
  return isCheckpointDir(dir) ? undefined : runDirProblem(dir);
}

/** The message of a runtime error (RuntimeUserError and friends), for `error: …` lines. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
