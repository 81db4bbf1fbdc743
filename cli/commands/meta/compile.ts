// `archc compile`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/compile.ts runs it).
import type { CommandMeta } from "../../command.ts";
import { MOE_OPTION } from "../moe-flag.ts";
import { SET_OPTION } from "../set-flag.ts";

export const compileMeta: CommandMeta = {
  name: "compile",
  summary: "compile an .arch file into a TypeScript training program",
  usage:
    "archc compile FILE [-o DIR] [--set NAME=VALUE]... [--no-opt] [--moe dense|dispatch] [--dump-ir=after-all]",
  description:
    "Writes DIR/model.ts (the model and its training entry), DIR/runtime.ts (imports\n" +
    "`archc/runtime`), DIR/package.json (declares archc and tsx), and DIR/build.json with\n" +
    "DIR/source/ (a copy of every .arch file read, which each run keeps). When DIR cannot find an\n" +
    "installed archc, DIR/node_modules/archc is linked to this one. Run the program with\n" +
    "`npx tsx DIR/model.ts --help`; a copy of DIR runs elsewhere after `npm install` there.\n" +
    "DIR defaults to out/<name> for FILE <name>.arch. Exit status: 0 on success, 1 on errors.",
  options: {
    out: {
      type: "string",
      short: "o",
      valueName: "DIR",
      description: "where to write the program",
    },
    "no-opt": { type: "boolean", description: "skip the IR optimization passes (on by default)" },
    moe: MOE_OPTION,
    set: SET_OPTION,
    "dump-ir": {
      type: "string",
      valueName: "WHEN",
      description:
        "after-all: print the IR after lowering and after each optimization pass (stderr)",
    },
  },
  positionals: { name: "FILE", min: 1, max: 1 },
};
