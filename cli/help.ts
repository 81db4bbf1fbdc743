// Help texts: `archc --help` lists the commands; `archc <cmd> --help` shows one command's usage and flags.
import { flagUsage } from "../runtime/run/command-line.ts";
import { COMMON_OPTIONS } from "./args.ts";
import type { Command } from "./command.ts";
import { EXIT_STATUS_HELP } from "../runtime/run/exit.ts";

const pad = (s: string, n: number): string => s + " ".repeat(Math.max(1, n - s.length));

/** `archc --help` */
export function mainHelp(commands: readonly Command[], version: string): string {
  const width = Math.max(...commands.map((c) => c.name.length)) + 3;
  return [
    `archc ${version}: the compiler of the .arch neural network architecture language`,
    "",
    "usage: archc <command> [flags] [arguments]",
    "",
    "commands:",
    ...commands.map((c) => `  ${pad(c.name, width)}${c.summary}`),
    "",
    "flags:",
    "  -h, --help     show help (also `archc <command> --help`)",
    "  -v, --version  print the version",
    "",
    EXIT_STATUS_HELP,
    "",
  ].join("\n");
}

/** `archc <cmd> --help` */
export function commandHelp(cmd: Command): string {
  const opts = Object.entries({ ...cmd.options, ...COMMON_OPTIONS }).map(([name, o]) => {
    const short = o.short === undefined ? "    " : `-${o.short}, `;
    return [`${short}${flagUsage(name, o)}`, o.description] as const;
  });
  const width = Math.max(...opts.map(([f]) => f.length)) + 3;
  return [
    `usage: ${cmd.usage}`,
    "",
    cmd.summary,
    ...(cmd.description === undefined ? [] : ["", cmd.description]),
    "",
    "flags:",
    ...opts.map(([f, d]) => `  ${pad(f, width)}${d}`),
    "",
  ].join("\n");
}
