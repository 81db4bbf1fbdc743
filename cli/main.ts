// The `archc` command line: dispatches to a subcommand of commands/index.ts, prints usage errors
// plainly (exit 1), and turns any unexpected exception into an "internal compiler error" (exit 2);
// the convention (runtime/run/exit.ts) is the generated programs' too.
import { OutputWriteError, SourceReadError } from "../compiler/file-errors.ts";
import { printable } from "../grammar/core/printable.ts";
import { archcVersion } from "../compiler/version.ts";
import { didYouMean } from "../grammar/core/suggest.ts";
import { formatUsageError } from "../runtime/run/command-line.ts";
import { parseCommandArgs } from "./args.ts";
import { type Command, type Io, UsageError } from "./command.ts";
import { commands } from "./commands/index.ts";
import { commandHelp, mainHelp } from "./help.ts";
import { colorOn } from "../runtime/terminal.ts";
import { processStdin } from "./stdin.ts";
import {
  EXIT_INTERNAL_ERROR,
  EXIT_OK,
  EXIT_USER_ERROR,
  internalErrorReport,
} from "../runtime/run/exit.ts";

/** The package version, from package.json. */
export const version = archcVersion;

/** stdout/stderr of this process; colours only on a terminal and when NO_COLOR is not set. */
export function processIo(): Io {
  return {
    out: (s) => void process.stdout.write(s),
    err: (s) => void process.stderr.write(s),
    color: colorOn(process.stderr),
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: processStdin,
  };
}

/** Print an unexpected exception as an internal compiler error. */
function reportIce(e: unknown, io: Io): void {
  io.err(internalErrorReport("compiler", e));
}

async function dispatch(
  argv: readonly string[],
  io: Io,
  commands: readonly Command[],
): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) {
    io.err(mainHelp(commands, version()));
    return EXIT_USER_ERROR;
  }
  if (first === "--help" || first === "-h" || first === "help") {
    const topic = first === "help" ? rest[0] : undefined;
    const cmd = commands.find((c) => c.name === topic);
    if (topic !== undefined && cmd === undefined) throw unknownCommand(topic, commands);
    io.out(cmd === undefined ? mainHelp(commands, version()) : commandHelp(cmd));
    return EXIT_OK;
  }
  if (first === "--version" || first === "-v") {
    io.out(`archc ${version()}\n`);
    return 0;
  }
  if (first.startsWith("-")) {
    const hint = didYouMean(first, ["--help", "--version"]) ?? "see `archc --help`";
    throw new UsageError(`unknown flag \`${first}\``, hint);
  }
  const cmd = commands.find((c) => c.name === first);
  if (cmd === undefined) throw unknownCommand(first, commands);
  const args = parseCommandArgs(cmd, rest);
  if (args.values["help"] === true) {
    io.out(commandHelp(cmd));
    return 0;
  }
  return await cmd.run(args, io);
}

function unknownCommand(name: string, commands: readonly Command[]): UsageError {
  const hint =
    didYouMean(
      name,
      commands.map((c) => c.name),
    ) ?? "see `archc --help` for the commands";
  return new UsageError(`unknown command \`${name}\``, hint);
}

/**
 * Run the CLI; returns the exit status (0 ok, 1 user error, 2 internal compiler error).
 * `registry` is the list of commands (tests pass their own).
 */
export async function main(
  argv: readonly string[],
  io: Io = processIo(),
  registry: readonly Command[] = commands,
): Promise<number> {
  try {
    return await dispatch(argv, io, registry);
  } catch (e) {
    if (e instanceof UsageError) {
      io.err(formatUsageError(e));
      return EXIT_USER_ERROR;
    }
    // a file the user named cannot be read, or an output folder cannot be written
    if (e instanceof SourceReadError || e instanceof OutputWriteError) {
      io.err(`error: ${printable(e.message)}\n`);
      return EXIT_USER_ERROR;
    }
    reportIce(e, io);
    return EXIT_INTERNAL_ERROR;
  }
}
