// `archc train FILE [flags]`: compile FILE into out/<name>/, then run the generated program in
// this process with the given flags (the same flags `npx tsx out/<name>/model.ts` accepts).
import { join } from "node:path";
import { SourceReadError } from "../../compiler/frontend.ts";
import { compileFile, defaultOutDir, writeOutput } from "../../compiler/compile.ts";
import type { Command, Io, OptionSpec, ParsedArgs } from "../command.ts";
import { importProgram, type ProgramIo } from "../program.ts";
import { printDiagnostics } from "../report.ts";
import { shown } from "./compile.ts";
import { MOE_OPTION, moeStrategyOf } from "./moe-flag.ts";

/** The generated program's flags (runtime/run/args.ts), accepted here and passed on unchanged. */
const PROGRAM_FLAGS: Readonly<Record<string, OptionSpec>> = {
  steps: { type: "string", valueName: "N", description: "number of optimizer steps" },
  batch: { type: "string", valueName: "N", description: "sequences per batch" },
  data: {
    type: "string",
    valueName: "FILE",
    description: "train on a text file (or `sotu`, the bundled corpus)",
  },
  backend: {
    type: "string",
    valueName: "NAME",
    description: "auto | tensorflow | native | wasm | cpu | cpu-fast | webgpu",
  },
  seed: {
    type: "string",
    valueName: "N",
    description: "seed for initialisation, data order and dropout",
  },
  "eval-every": { type: "string", valueName: "N", description: "evaluate every N steps" },
  "checkpoint-every": {
    type: "string",
    valueName: "N",
    description: "checkpoint every N steps (0: only at the end)",
  },
  out: {
    type: "string",
    valueName: "DIR",
    description: "run directory (default runs/<name>-<timestamp>)",
  },
  resume: {
    type: "boolean",
    description: "continue the newest run of this program from its last checkpoint",
  },
  sample: {
    type: "string",
    valueName: "N",
    description: "bytes of text to sample at the end (default 200)",
  },
  quiet: { type: "boolean", description: "print only the results" },
};

/** Flags of the compiler, not passed to the program. */
const COMPILE_FLAGS: Readonly<Record<string, OptionSpec>> = {
  "no-opt": { type: "boolean", description: "skip the IR optimization passes (on by default)" },
  moe: MOE_OPTION,
};

export const train: Command = {
  name: "train",
  summary: "compile an .arch file and train it",
  usage:
    "archc train FILE [--no-opt] [--moe dense|dispatch] [--steps N] [--backend NAME] [… -- more program flags]",
  description:
    "Compiles FILE into out/<name>/ under the current folder and runs the program there with the\n" +
    "flags given (arguments after `--` are passed on as they are). Exit status: 0 when training\n" +
    "finished, 1 on errors in FILE or a failed run, 2 on bad program flags, 130 when interrupted.",
  options: { ...PROGRAM_FLAGS, ...COMPILE_FLAGS },
  positionals: { name: "FILE", min: 1 },
  async run(args, io) {
    const [file, ...rest] = args.positionals;
    const moe = moeStrategyOf(args.values["moe"], io);
    if (moe === null) return 2;
    try {
      const r = await compileFile(file!, {
        outDir: defaultOutDir(file!),
        optimize: args.values["no-opt"] !== true,
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
      io.out(`compiled ${file} → ${shown(join(r.outDir, "model.ts"))}\n`);
      const code = r.files.find((f) => f.path === "model.ts")?.text ?? "";
      return await runProgram(r.outDir, code, file!, [...programArgs(args), ...rest], io);
    } catch (e) {
      if (!(e instanceof SourceReadError)) throw e;
      io.err(`error: ${e.message}\n`);
      return 1;
    }
  },
};

/** The flags for the program, rebuilt from the parsed ones. */
function programArgs({ values }: ParsedArgs): string[] {
  const out: string[] = [];
  for (const name of Object.keys(PROGRAM_FLAGS)) {
    const v = values[name];
    if (v === true) out.push(`--${name}`);
    else if (typeof v === "string") out.push(`--${name}`, v);
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
    // The program writes through the command's Io (progress lines redraw only on a terminal).
    const tty = io.color;
    const programIo: ProgramIo = {
      out: { write: io.out, isTTY: tty },
      err: { write: io.err, isTTY: tty },
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
