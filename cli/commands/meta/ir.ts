// `archc ir`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/ir.ts runs it).
import type { CommandMeta } from "../../command.ts";
import { MOE_OPTION } from "../moe-flag.ts";

export const irMeta: CommandMeta = {
  name: "ir",
  summary: "print the IR graph a file's model lowers to",
  usage: "archc ir FILE [--json] [--opt] [--moe dense|dispatch] [--dump-ir=after-all]",
  description:
    "Parses, resolves and lowers FILE, then prints its model's graph: one node per line with its\n" +
    "attributes, shape, parameters and source location, or the versioned JSON form with --json.\n" +
    "With --opt, the graph `archc compile` generates code from. Exit status: 0 on success, 1 on errors.",
  options: {
    json: { type: "boolean", description: "print the graph as JSON ({version: 1, …})" },
    opt: {
      type: "boolean",
      description: "print the graph after the optimization passes (what codegen receives)",
    },
    moe: MOE_OPTION,
    "dump-ir": {
      type: "string",
      valueName: "WHEN",
      description: "after-all: print the IR after lowering and after each optimization pass",
    },
  },
  positionals: { name: "FILE", min: 1, max: 1 },
};
