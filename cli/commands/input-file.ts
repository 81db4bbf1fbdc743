// The one check and message for a .arch file named on the command line that does not exist.
import { existsSync } from "node:fs";
import type { Io } from "../command.ts";

/** True (after printing `error: cannot read …`) when `file` does not exist. */
export function missingFile(file: string, io: Io): boolean {
  if (existsSync(file)) return false;
  io.err(`error: cannot read \`${file}\`: no such file\n`);
  return true;
}
