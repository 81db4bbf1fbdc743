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
import { RuntimeUserError } from "../../runtime/errors.ts";
import { isRunDir, runTraining, type RunTraining } from "./train-run.ts";
import { PROGRAM_FLAGS, trainMeta } from "./meta/train.ts";

export const train: Command = {
  ...trainMeta,
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    const moe = moeStrategyOf(args.values["moe"], io);
    if (moe === null) return EXIT_USER_ERROR;
    const given = [...programArgs(args), ...rest];
    parseFlags(given, `archc train`); // bad program flags are refused before compiling
    const fromRun = trainingOf(file!, given, args, io);
    if (fromRun === null) return EXIT_USER_ERROR;
    const entry = fromRun?.entry ?? file!;
    const flags = [...(fromRun?.flags ?? []), ...given];
    try {
      const r = await compileFile(entry, {
        ...(fromRun?.options ?? {
          optimize: args.values["no-opt"] !== true,
          overrides: setValues(args),
          ...(moe === undefined ? {} : { moeStrategy: moe }),
        }),
        outDir: defaultOutDir(entry),
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

/**
 * FILE as a run directory (train-run.ts): its program and flags; undefined for an .arch file,
 * null after an error message.
 */
function trainingOf(
  file: string,
  given: readonly string[],
  args: ParsedArgs,
  io: Io,
): RunTraining | undefined | null {
  if (!isRunDir(file)) return undefined;
  if (args.values["no-opt"] !== undefined || args.values["moe"] !== undefined) {
    io.err("error: a run is trained with its own compile settings: drop --no-opt and --moe\n");
    return null;
  }
  try {
    return runTraining(file, given, setValues(args));
  } catch (e) {
    if (!(e instanceof RuntimeUserError)) throw e;
    io.err(`error: ${e.message}\n`);
    return null;
  }
}

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
