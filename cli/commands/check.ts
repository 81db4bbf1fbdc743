// `archc check FILE...`: parse and check each file, print every diagnostic; exit 1 if any error.
import { SourceReadError, diagnoseFile } from "../../compiler/frontend.ts";
import type { Command } from "../command.ts";
import { REPORT_OPTIONS, runCheckReport } from "./check-report.ts";
import { SET_OPTION, setValues } from "./set-flag.ts";
import { printDiagnostics, summary } from "../report.ts";

export const check: Command = {
  name: "check",
  summary: "check .arch files and report every error",
  usage: "archc check FILE... [--set NAME=VALUE]... [--report [--json] [--batch N] [--opt]]",
  description:
    "Parses and checks each file (its imports too) and prints every diagnostic with its location.\n" +
    "Exit status: 0 when no file has an error, 1 otherwise.",
  options: { set: SET_OPTION, ...REPORT_OPTIONS },
  positionals: { name: "FILE", min: 1 },
  run(args, io) {
    if (args.values["report"] === true) return runCheckReport(args, io);
    const { positionals } = args;
    let errors = 0;
    let warnings = 0;
    let failed = 0;
    for (const path of positionals) {
      try {
        const d = diagnoseFile(path, setValues(args));
        const n = printDiagnostics(d.diagnostics, d.sources, io);
        errors += n;
        warnings += d.diagnostics.length - n;
        if (n > 0) failed++;
      } catch (e) {
        if (!(e instanceof SourceReadError)) throw e;
        io.err(`error: ${e.message}\n\n`);
        errors++;
        failed++;
      }
    }
    (errors > 0 ? io.err : io.out)(summary(positionals.length, errors, failed, warnings) + "\n");
    return errors > 0 ? 1 : 0;
  },
};
