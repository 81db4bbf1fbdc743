// The one check and message for a .arch file named on the command line that does not exist, and
// the test that tells a run folder from a file (`archc graph FILE|RUN`, `archc check --report`).
import { existsSync, statSync } from "node:fs";
import type { Io } from "../command.ts";

/** True (after printing `error: cannot read …`) when `file` does not exist. */
export function missingFile(file: string, io: Io): boolean {
  if (existsSync(file)) return false;
  io.err(`error: cannot read \`${file}\`: no such file\n`);
  return true;
}

/** True when `arg` names a folder: a run directory or checkpoint folder, never a .arch file. */
export function isRunArg(arg: string): boolean {
  return existsSync(arg) && statSync(arg).isDirectory();
}
