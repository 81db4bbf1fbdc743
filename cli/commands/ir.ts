// `archc ir FILE [--json] [--opt [--moe dense|dispatch]]`: print a file's model graph (canonical
// text, or JSON) as lowered, or with --opt exactly as codegen receives it (compiler/program.ts).
import { toJson } from "../../compiler/ir/json.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import { buildProgram, dumpTrace } from "../../compiler/program.ts";
import { dumpIrOption } from "./dump-ir.ts";
import type { Command } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { moeStrategyOf } from "./moe-flag.ts";
import { missingFile } from "./input-file.ts";
import { irMeta } from "./meta/ir.ts";

export const ir: Command = {
  ...irMeta,
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
