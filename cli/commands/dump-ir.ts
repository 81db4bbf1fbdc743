// `--dump-ir=after-all` for `archc compile` and `archc ir`: the printed IR after lowering and
// after each named optimization pass, each under a `// ---- after <pass> ----` line.
import type { FlagValue } from "../../runtime/run/command-line.ts";
import type { Io } from "../command.ts";

/** The dump callback for a flag value: undefined when absent, null (error printed) when unknown. */
export function dumpIrOption(
  value: FlagValue,
  io: Io,
  write: (text: string) => void = (t) => io.err(t),
): ((pass: string, ir: string) => void) | undefined | null {
  if (value === undefined) return undefined;
  if (value !== "after-all") {
    io.err(`error: --dump-ir takes \`after-all\`, not \`${String(value)}\`\n`);
    return null;
  }
  return (pass, ir) => write(`// ---- after ${pass} ----\n${ir}`);
}
