// `archc check --report FILE… [--json] [--batch N]`: the static report of each file's model
// (parameters, FLOPs, memory; compiler/report/) instead of only the diagnostics.
import { buildProgram } from "../../compiler/program.ts";
import {
  formatReport,
  programReport,
  reportJson,
  type Report,
} from "../../compiler/report/index.ts";
import { intFlag } from "../../runtime/run/args.ts";
import { setValues } from "./set-flag.ts";
import { INT_RANGES } from "../../spec/train.ts";
import type { ParsedArgs, Io } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { missingFile } from "./input-file.ts";

function batchOf(args: ParsedArgs): number | undefined {
  const v = args.values["batch"];
  return typeof v === "string" ? intFlag("batch", v, INT_RANGES.batch) : undefined;
}

/** Prints the report of every file (as JSON for `--format json`, which `--json` is short for);
 *  exit status 1 when a file has errors or no model. */
export function runCheckReport(args: ParsedArgs, io: Io, format: "text" | "json"): number {
  const batch = batchOf(args);
  const json = format === "json";
  const reports: Report[] = [];
  let status = 0;
  for (const file of args.positionals) {
    if (missingFile(file, io)) {
      status = 1;
      continue;
    }
    const opt = args.values["opt"] === true;
    const r = buildProgram(file, {
      optimize: opt,
      overrides: setValues(args),
      ...(batch === undefined ? {} : { batch }),
    });
    const errors = printDiagnostics(r.diagnostics, r.sources, io);
    if (r.model === undefined || errors > 0) {
      if (errors === 0) io.err(`error: \`${file}\` defines no model\n`);
      status = 1;
      continue;
    }
    const report = programReport(r.model.lowered, {
      ...(batch === undefined ? {} : { batch }),
      ...(opt ? { graph: r.model.graph } : {}),
    });
    reports.push(report);
    if (!json) io.out((reports.length > 1 ? "\n" : "") + formatReport(report));
  }
  if (json)
    io.out(
      reports.length === 1 && args.positionals.length === 1
        ? reportJson(reports[0] as Report)
        : `${JSON.stringify(reports, null, 2)}\n`,
    );
  return status;
}
