// `archc train`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/train.ts runs it).
import { FLAGS } from "../../../runtime/run/args.ts";
import type { CommandMeta, OptionSpec } from "../../command.ts";
import { MOE_OPTION } from "../moe-flag.ts";
import { SET_OPTION } from "../set-flag.ts";

/** The generated program's flags (runtime/run/args.ts, one table), accepted here and passed on. */
export const PROGRAM_FLAGS: Readonly<Record<string, OptionSpec>> = Object.fromEntries(
  Object.entries(FLAGS).filter(([name]) => name !== "help" && name !== "set"),
);

/** Flags of the compiler, not passed to the program. */
const COMPILE_FLAGS: Readonly<Record<string, OptionSpec>> = {
  set: SET_OPTION,
  "no-opt": { type: "boolean", description: "skip the IR optimization passes (on by default)" },
  moe: MOE_OPTION,
};

export const trainMeta: CommandMeta = {
  name: "train",
  summary: "compile an .arch file and train it (or train a run again: healing)",
  usage:
    "archc train FILE|RUN [--no-opt] [--moe dense|dispatch] [--steps N] [--backend NAME] [… -- more program flags]",
  description:
    "Compiles FILE into out/<name>/ under the current folder and runs the program there with the\n" +
    "flags given (arguments after `--` are passed on as they are). `--set NAME=VALUE` overrides a\n" +
    "constant of FILE or a train setting before compiling, checked like the file itself.\n" +
    "RUN (a run directory) trains that run's own program again, from its source snapshot and\n" +
    "compile settings, starting from its weights (--init-from RUN unless --init-from or --resume\n" +
    "is given): `archc train DROPPED --steps K` heals a run written by `archc drop`.\n" +
    "Exit status: 0 when training finished, 1 on errors in FILE, bad flags or a failed run, 2 on\n" +
    "an internal error, 130 when interrupted.",
  options: { ...PROGRAM_FLAGS, ...COMPILE_FLAGS },
  positionals: { name: "FILE|RUN", min: 1 },
};
