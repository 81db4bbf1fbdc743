// `archc compile FILE -o DIR`: compile an .arch file into a TypeScript training program and
// print what was written. Errors in the file are printed as diagnostics (exit 1).
import { join, relative, sep } from "node:path";
import { SourceReadError } from "../../compiler/frontend.ts";
import { compileFile, defaultOutDir, writeOutput } from "../../compiler/compile.ts";
import { SOURCE_DIR } from "../../spec/build.ts";
import type { Command } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { dumpIrOption } from "./dump-ir.ts";
import { moeStrategyOf } from "./moe-flag.ts";
import { setValues } from "./set-flag.ts";
import { linkPackage } from "./link-package.ts";
import { compileMeta } from "./meta/compile.ts";

export const compile: Command = {
  ...compileMeta,
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
