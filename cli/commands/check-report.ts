// `archc check --report FILE|RUN… [--json] [--batch N]`: the static report of each file's model
// (parameters, FLOPs, memory; compiler/report/) instead of only the diagnostics. A run directory is
// reported as the model it holds (model-arg.ts): a dropped run without its dropped layers, a note
// naming them (JSON: `run`, the same lines).
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
import { buildModelArg } from "./model-arg.ts";

function batchOf(args: ParsedArgs): number | undefined {
  const v = args.values["batch"];
  return typeof v === "string" ? intFlag("batch", v, INT_RANGES.batch) : undefined;
}

/** A report, with the lines naming its run for a run directory. */
type ArgReport = Report & { readonly run?: readonly string[] };

/** Prints the report of every file or run (as JSON for `--format json`, which `--json` is short
 *  for); exit status 1 when one has errors or no model. */
export function runCheckReport(args: ParsedArgs, io: Io, format: "text" | "json"): number {
  const batch = batchOf(args);
  const json = format === "json";
  const opt = args.values["opt"] === true;
  const reports: ArgReport[] = [];
  let status = 0;
  for (const arg of args.positionals) {
    const m = buildModelArg(
      arg,
      { optimize: opt, overrides: setValues(args), ...(batch === undefined ? {} : { batch }) },
      io,
    );
    if (m === null) {
      status = 1;
      continue;
    }
    const report = programReport(m.lowered, {
      ...(batch === undefined ? {} : { batch }),
      ...(opt ? { graph: m.graph } : {}),
    });
    reports.push(m.runNotes === undefined ? report : { ...report, run: m.runNotes });
    if (!json) {
      const notes = (m.runNotes ?? []).map((l) => `${l}\n`).join("");
      io.out((reports.length > 1 ? "\n" : "") + notes + formatReport(report));
    }
  }
  if (json)
    io.out(
      reports.length === 1 && args.positionals.length === 1
        ? reportJson(reports[0]!)
        : `${JSON.stringify(reports, null, 2)}\n`,
    );
  return status;
}
