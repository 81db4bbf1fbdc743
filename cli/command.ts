// The contract of a CLI subcommand: its name, help text, flags and positional arguments, and run().
// Add a command by writing commands/<name>.ts and adding one line to commands/index.ts.
import { type FlagSpec, type FlagValue, UsageError } from "../runtime/run/command-line.ts";
import type { TerminalStream } from "../runtime/terminal.ts";

/** One flag of a command: `--check`, `--out DIR` (the table format the generated programs use too). */
export type OptionSpec = FlagSpec;

/** The parsed command line of one command. */
export interface ParsedArgs {
  readonly values: Readonly<Record<string, FlagValue>>;
  readonly positionals: readonly string[];
}

/** Where a command writes. `color` is true only when stderr is a terminal (and NO_COLOR is unset). */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly color: boolean;
  /** The streams behind `out` and `err` (whether each is a terminal, its width); absent in tests
   *  that capture output, which then count as files. */
  readonly stdout?: TerminalStream;
  readonly stderr?: TerminalStream;
  /** Standard input, for commands that read it (`archc fmt -`); absent: nothing to read. */
  readonly stdin?: StdinSource;
}

/** Standard input: whether it is a terminal (then nothing is piped in) and its whole text. */
export interface StdinSource {
  readonly isTTY?: boolean | undefined;
  readonly read: () => Promise<string>;
}

export interface Command {
  readonly name: string;
  /** One line for `archc --help`. */
  readonly summary: string;
  /** `archc check FILE...` */
  readonly usage: string;
  /** Paragraphs for `archc <cmd> --help`. */
  readonly description?: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Positional arguments: the name shown in errors and how many are required. */
  readonly positionals: { readonly name: string; readonly min: number; readonly max?: number };
  /** Returns the exit status: 0 success, 1 user errors. Throw UsageError for a bad command line. */
  readonly run: (args: ParsedArgs, io: Io) => number | Promise<number>;
}

/** A command without its run: what `archc --help` and the flag parser need (commands/meta/), so
 *  that listing or parsing loads no command's implementation (commands/index.ts). */
export type CommandMeta = Omit<Command, "run">;

/** A mistake on the command line: printed as `error: …` with an optional hint, exit status 1. */
export { UsageError };
