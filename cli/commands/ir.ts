// `archc ir FILE [--json] [--opt [--moe dense|dispatch]]`: print a file's model graph (canonical
// text, or JSON) as lowered, or with --opt exactly as codegen receives it (compiler/program.ts).
import { toJson } from "../../compiler/ir/json.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import { buildProgram, dumpTrace } from "../../compiler/program.ts";
import { dumpIrOption } from "./dump-ir.ts";
import type { Command } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { MOE_OPTION, moeStrategyOf } from "./moe-flag.ts";
import { missingFile } from "./input-file.ts";

export const ir: Command = {
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
  run({ values, positionals }, io) {
    const file = positionals[0]!;
    if (missingFile(file, io)) return 1;
    const dump = dumpIrOption(values["dump-ir"], io, (t) => io.out(t));
    if (dump === null) return 1;
    const moe = moeStrategyOf(values["moe"], io);
    if (moe === null) return 1;
    const opt = values["opt"] === true || dump !== undefined;
    const program = buildProgram(file, {
      optimize: opt,
      ...(moe === undefined ? {} : { moeStrategy: moe }),
    });
    const errors = printDiagnostics(program.diagnostics, program.sources, io);
    const model = program.model;
    if (model === undefined) {
      if (errors === 0) io.err(`error: \`${file}\` defines no model\n`);
      return 1;
    }
    if (dump !== undefined) {
      dumpTrace(program, dump);
      return 0;
    }
    const g = opt ? model.graph : model.lowered.graph;
    io.out(
      values["json"] === true
        ? `${toJson(g, true)}\n`
        : printGraph(g, { sources: (p) => program.sources.get(p) }),
    );
    return 0;
  },
};
