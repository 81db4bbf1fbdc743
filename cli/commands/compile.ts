// `archc compile FILE -o DIR`: compile an .arch file into a TypeScript training program and
// print what was written. Errors in the file are printed as diagnostics (exit 1).
import { join, relative, sep } from "node:path";
import { SourceReadError } from "../../compiler/frontend.ts";
import { compileFile, defaultOutDir, writeOutput } from "../../compiler/compile.ts";
import { SOURCE_DIR } from "../../spec/build.ts";
import type { Command } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { dumpIrOption } from "./dump-ir.ts";
import { MOE_OPTION, moeStrategyOf } from "./moe-flag.ts";
import { SET_OPTION, setValues } from "./set-flag.ts";
import { linkPackage } from "./link-package.ts";

export const compile: Command = {
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
  async run(args, io) {
    const { values, positionals } = args;
    const file = positionals[0]!;
    const out = typeof values["out"] === "string" ? values["out"] : defaultOutDir(file);
    try {
      const dump = dumpIrOption(values["dump-ir"], io);
      if (dump === null) return 1;
      const moe = moeStrategyOf(values["moe"], io);
      if (moe === null) return 1;
      const r = await compileFile(file, {
        outDir: out,
        optimize: values["no-opt"] !== true,
        overrides: setValues(args),
        ...(moe === undefined ? {} : { moeStrategy: moe }),
        ...(dump === undefined ? {} : { dumpIr: dump }),
      });
      const errors = printDiagnostics(r.diagnostics, r.sources, io);
      if (r.files === undefined) {
        if (errors === 0) io.err(`error: \`${file}\` defines no model to compile\n`);
        return 1;
      }
      const written = writeOutput(r.outDir, r.files);
      const snapshot = join(r.outDir, SOURCE_DIR);
      const sources = written.filter((p) => p.startsWith(snapshot + sep));
      for (const path of written) if (!sources.includes(path)) io.out(`wrote ${shown(path)}\n`);
      io.out(
        `wrote ${shown(snapshot)}/ (${sources.length} source files the program was built from)\n`,
      );
      const link = linkPackage(r.outDir);
      if (link !== undefined)
        io.out(`linked ${shown(link)} to this archc (elsewhere: npm install)\n`);
      if (r.trains) io.out(`run it: npx tsx ${shown(`${r.outDir}/model.ts`)} --help\n`);
      return 0;
    } catch (e) {
      if (!(e instanceof SourceReadError)) throw e;
      io.err(`error: ${e.message}\n`);
      return 1;
    }
  },
};

/** A path relative to the cwd when it is inside it. */
export function shown(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel !== "" && !rel.startsWith("..") ? rel : path;
}
