// Command-line flag parsing for one command: the flag table of the command (plus --help) through
// the parser generated programs use too (runtime/run/command-line.ts: node:util parseArgs, one
// wording of usage errors), then the count of positional arguments.
import { parseCommandLine } from "../runtime/run/command-line.ts";
import { type Command, type OptionSpec, type ParsedArgs, UsageError } from "./command.ts";

/** Flags every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", description: "show this help" },
};

/** Parse the arguments that follow the command name. Throws UsageError on a bad command line. */
export function parseCommandArgs(cmd: Command, argv: readonly string[]): ParsedArgs {
  const { values, positionals } = parseCommandLine(
    { ...COMMON_OPTIONS, ...cmd.options },
    argv,
    `archc ${cmd.name}`,
  );
  if (values["help"] === true) return { values, positionals };
  const { name, min, max } = cmd.positionals;
  if (positionals.length < min) {
    throw new UsageError(`\`archc ${cmd.name}\` needs ${name}`, `usage: ${cmd.usage}`);
  }
  if (max !== undefined && positionals.length > max) {
    throw new UsageError(
      `\`archc ${cmd.name}\` takes at most ${max} ${name}`,
      `usage: ${cmd.usage}`,
    );
  }
  return { values, positionals };
}
