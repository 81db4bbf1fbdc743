// Command-line flag parsing for one command: `--flag`, `--flag=value`, `--flag value`, `-f`, and
// `--` to end the flags, with "did you mean" for an unknown flag.
import { didYouMean } from "../grammar/core/suggest.ts";
import { type Command, type OptionSpec, type ParsedArgs, UsageError } from "./command.ts";

/** Flags every command accepts. */
export const COMMON_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  help: { type: "boolean", short: "h", description: "show this help" },
};

function lookup(cmd: Command, flag: string): [string, OptionSpec] | undefined {
  const all: Record<string, OptionSpec> = { ...COMMON_OPTIONS, ...cmd.options };
  if (flag.startsWith("--")) {
    const name = flag.slice(2);
    const spec = all[name];
    return spec === undefined ? undefined : [name, spec];
  }
  const short = flag.slice(1);
  const hit = Object.entries(all).find(([, s]) => s.short === short);
  return hit;
}

function unknownFlag(cmd: Command, flag: string): UsageError {
  const names = Object.keys({ ...COMMON_OPTIONS, ...cmd.options }).map((n) => `--${n}`);
  const hint = didYouMean(flag, names) ?? `see \`archc ${cmd.name} --help\``;
  return new UsageError(`unknown flag \`${flag}\` for \`archc ${cmd.name}\``, hint);
}

/** Parse the arguments that follow the command name. Throws UsageError on a bad command line. */
export function parseCommandArgs(cmd: Command, argv: readonly string[]): ParsedArgs {
  const values: Record<string, string | boolean | undefined> = {};
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (arg === "--") {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith("-") || arg === "-") {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const flag = eq >= 0 ? arg.slice(0, eq) : arg;
    const found = lookup(cmd, flag);
    if (found === undefined) throw unknownFlag(cmd, flag);
    const [name, spec] = found;
    if (spec.type === "boolean") {
      if (eq >= 0) throw new UsageError(`flag \`${flag}\` takes no value`);
      values[name] = true;
    } else if (eq >= 0) {
      values[name] = arg.slice(eq + 1);
    } else {
      const v = argv[i + 1];
      if (v === undefined || v.startsWith("-"))
        throw new UsageError(`flag \`${flag}\` needs a value`);
      values[name] = v;
      i++;
    }
  }
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
