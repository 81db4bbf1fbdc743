// `archc fmt`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/fmt.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const fmtMeta: CommandMeta = {
  name: "fmt",
  summary: "format .arch files in canonical form",
  usage: "archc fmt FILE... [--check] [--stdout] | archc fmt [-] [--check] < FILE",
  description:
    "Rewrites each file in canonical form (comments kept in place). Files with syntax errors are\n" +
    "reported and left untouched. With `-` for FILE, or no FILE and text piped in, formats standard\n" +
    "input onto standard output (for editors and pre-commit hooks); nothing is written on a syntax\n" +
    "error. Exit status: 0 on success; 1 on a syntax error, or with --check when a file (or the\n" +
    "input) is not formatted; 2 on an internal error.",
  options: {
    check: { type: "boolean", description: "write nothing; list the files that are not formatted" },
    stdout: {
      type: "boolean",
      description: "print the formatted text instead of writing the files",
    },
  },
  positionals: { name: "FILE", min: 0 },
};
