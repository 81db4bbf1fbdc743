// `archc check`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/check.ts runs it).
import type { CommandMeta, OptionSpec } from "../../command.ts";
import { SET_OPTION } from "../set-flag.ts";

/** The flags `check` gains for the report. */
const REPORT_OPTIONS: Readonly<Record<string, OptionSpec>> = {
  report: {
    type: "boolean",
    description: "print each model's parameters, FLOPs and training memory",
  },
  json: {
    type: "boolean",
    description: "same as --format json: the diagnostics, or with --report the report, as JSON",
  },
  opt: {
    type: "boolean",
    description: "with --report: the optimized graph (MoE layers as they run, dense or dispatched)",
  },
  batch: {
    type: "string",
    valueName: "N",
    description: "with --report: batch size for the memory estimate (default: the train section's)",
  },
};

export const checkMeta: CommandMeta = {
  name: "check",
  summary: "check .arch files and report every error",
  usage:
    "archc check FILE... [--set NAME=VALUE]... [--format text|json] [--report [--json] [--batch N] [--opt]]\n" +
    "       archc check --report RUN... [--json] [--batch N] [--opt]",
  description:
    "Parses and checks each file (its imports too) and prints every diagnostic with its location.\n" +
    "With --format json (or --json) the diagnostics are one JSON document on stdout: for each, its\n" +
    "file, range (start and end line/col, 1-based, columns in characters), code, severity,\n" +
    "message and hint (docs/cli.md). With --report a run directory (or checkpoint folder) may stand\n" +
    "for a file: its model as the run holds it, rebuilt from its source snapshot with its recorded\n" +
    "settings (after `archc drop`, without the dropped layers, which the report names).\n" +
    "Exit status: 0 when no file has an error, 1 otherwise.",
  options: {
    set: SET_OPTION,
    format: {
      type: "string",
      valueName: "FORMAT",
      description: "text (default) or json: how diagnostics are printed",
    },
    ...REPORT_OPTIONS,
  },
  positionals: { name: "FILE", min: 1 },
};
