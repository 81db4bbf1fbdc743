// `archc ir FILE [--json]`: print the lowered IR of a file's model (canonical text, or JSON).
import { existsSync } from "node:fs";
import { analyzeFile } from "../../compiler/analyze.ts";
import { toJson } from "../../compiler/ir/json.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { optimize } from "../../compiler/passes/pipeline.ts";
import { dumpIrOption } from "./dump-ir.ts";
import type { Command } from "../command.ts";
import { printDiagnostics } from "../report.ts";

export const ir: Command = {
  name: "ir",
  summary: "print the IR graph a file's model lowers to",
  usage: "archc ir FILE [--json] [--opt] [--dump-ir=after-all]",
  description:
    "Parses, resolves and lowers FILE, then prints its model's graph: one node per line with its\n" +
    "attributes, shape, parameters and source location, or the versioned JSON form with --json.\n" +
    "Exit status: 0 on success, 1 on errors.",
  options: {
    json: { type: "boolean", description: "print the graph as JSON ({version: 1, …})" },
    opt: { type: "boolean", description: "print the graph after the optimization passes" },
    "dump-ir": {
      type: "string",
      valueName: "WHEN",
      description: "after-all: print the IR after lowering and after each optimization pass",
    },
  },
  positionals: { name: "FILE", min: 1, max: 1 },
  run({ values, positionals }, io) {
    const file = positionals[0]!;
    if (!existsSync(file)) {
      io.err(`error: cannot read \`${file}\`: no such file\n`);
      return 1;
    }
    const r = analyzeFile(file);
    const errors = printDiagnostics(r.diagnostics, r.sources, io);
    if (r.program === undefined) {
      if (errors === 0) io.err(`error: \`${file}\` defines no model\n`);
      return 1;
    }
    const print = (g: Graph): string => printGraph(g, { sources: (p) => r.sources.get(p) });
    const dump = dumpIrOption(values["dump-ir"], io, (t) => io.out(t));
    if (dump === null) return 1;
    if (dump !== undefined) {
      dump("lower", print(r.program.graph));
      optimize(r.program.graph, { trace: (pass, g) => dump(pass, print(g)) });
      return 0;
    }
    const g = values["opt"] === true ? optimize(r.program.graph) : r.program.graph;
    io.out(
      values["json"] === true
        ? `${toJson(g, true)}\n`
        : printGraph(g, { sources: (p) => r.sources.get(p) }),
    );
    return 0;
  },
};
