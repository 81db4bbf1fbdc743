// `archc train FILE [flags]`: compile FILE into out/<name>/, then run the generated program in
// this process with the given flags (the same flags `npx tsx out/<name>/model.ts` accepts).
import { join } from "node:path";
import { SourceReadError } from "../../compiler/frontend.ts";
import { compileFile, defaultOutDir, writeOutput } from "../../compiler/compile.ts";
import type { Command, Io, ParsedArgs } from "../command.ts";
import { importProgram, outputOf, type ProgramIo } from "../program.ts";
import { printDiagnostics } from "../report.ts";
import { shown } from "./compile.ts";
import { moeStrategyOf } from "./moe-flag.ts";
import { setValues } from "./set-flag.ts";
import { parseFlags } from "../../runtime/run/args.ts";
import { EXIT_USER_ERROR } from "../../runtime/run/exit.ts";
import { linkPackage } from "./link-package.ts";
import { PROGRAM_FLAGS, trainMeta } from "./meta/train.ts";

export const train: Command = {
  ...trainMeta,
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    const moe = moeStrategyOf(args.values["moe"], io);
    if (moe === null) return EXIT_USER_ERROR;
    const flags = [...programArgs(args), ...rest];
    parseFlags(flags, `archc train`); // bad program flags are refused before compiling
    try {
      const r = await compileFile(file!, {
        outDir: defaultOutDir(file!),
        optimize: args.values["no-opt"] !== true,
        overrides: setValues(args),
        ...(moe === undefined ? {} : { moeStrategy: moe }),
      });
      const errors = printDiagnostics(r.diagnostics, r.sources, io);
      if (r.files === undefined) {
        if (errors === 0) io.err(`error: \`${file}\` defines no model to train\n`);
        return 1;
      }
      if (!r.trains) {
        io.err(
          `error: \`${file}\` has no train section; add \`train ${r.model ?? "Model"} { … }\` to train it\n`,
        );
        return 1;
      }
      writeOutput(r.outDir, r.files);
      linkPackage(r.outDir);
      io.out(`compiled ${file} → ${shown(join(r.outDir, "model.ts"))}\n`);
      const code = r.files.find((f) => f.path === "model.ts")?.text ?? "";
      return await runProgram(r.outDir, code, file!, flags, io);
    } catch (e) {
      if (!(e instanceof SourceReadError)) throw e;
      io.err(`error: ${e.message}\n`);
      return 1;
    }
  },
};

/** The flags for the program, rebuilt from the parsed ones (`--resume=` when it has no value). */
function programArgs({ values }: ParsedArgs): string[] {
  const out: string[] = [];
  for (const name of Object.keys(PROGRAM_FLAGS)) {
    const v = values[name];
    if (v === true) out.push(`--${name}`);
    else if (typeof v === "string") out.push(`--${name}=${v}`);
  }
  return out;
}

/** Imports the generated module and its runtime, and runs the training entry; failures are user errors. */
async function runProgram(
  dir: string,
  code: string,
  file: string,
  flags: readonly string[],
  io: Io,
): Promise<number> {
  try {
    const { url, exports, runtime } = await importProgram(dir, code);
    // The program writes through the command's Io; each stream redraws only on a terminal.
    const programIo: ProgramIo = {
      out: outputOf(io.out, io.stdout),
      err: outputOf(io.err, io.stderr),
      program: url,
    };
    const argv = [process.argv[0] ?? "node", file, ...flags];
    return await runtime.runMain(exports["model"], exports["trainConfig"], argv, programIo);
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    io.err(`error: the training program ${shown(join(dir, "model.ts"))} failed: ${message}\n`);
    if (process.env["ARCHC_DEBUG"] !== undefined && e instanceof Error && e.stack !== undefined)
      io.err(`${e.stack}\n`);
    else io.err("  = note: set ARCHC_DEBUG=1 to see the stack trace\n");
    return 1;
  }
}
