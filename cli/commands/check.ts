// `archc check FILE...`: parse and check each file, print every diagnostic; exit 1 if any error.
// `--format json` prints them as one JSON document on stdout instead (cli/diagnostics-json.ts).
import { SourceReadError, diagnoseFile } from "../../compiler/frontend.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { type Command, type ParsedArgs, UsageError } from "../command.ts";
import { DiagnosticsCollector } from "../diagnostics-json.ts";
import { isRunArg } from "./input-file.ts";
import { setValues } from "./set-flag.ts";
import { printDiagnostics, summary } from "../report.ts";
import { checkMeta } from "./meta/check.ts";

const FORMATS = ["text", "json"] as const;

/** `--format text|json`; `--json` is short for `--format json`. */
export function formatOf(args: ParsedArgs): "text" | "json" {
  const v = args.values["format"];
  const json = args.values["json"] === true;
  if (v === undefined || v === true) return json ? "json" : "text";
  const f = FORMATS.find((x) => x === v);
  if (f === undefined)
    throw new UsageError(
      `\`--format\` takes \`text\` or \`json\`, got \`${String(v)}\``,
      didYouMean(String(v), [...FORMATS]),
    );
  if (json && f !== "json")
    throw new UsageError("`--json` and `--format text` cannot be used together");
  return f;
}

export const check: Command = {
  ...checkMeta,
  run(args, io) {
    const format = formatOf(args);
    // the report (and a RUN's rebuild) loads only when asked for: plain `archc check` stays light
    if (args.values["report"] === true)
      return import("./check-report.ts").then((m) => m.runCheckReport(args, io, format));
    for (const flag of ["batch", "opt"])
      if (args.values[flag] !== undefined)
        throw new UsageError(
          `\`--${flag}\` applies only with \`--report\``,
          `write \`archc check --report --${flag} …\``,
        );
    const { positionals } = args;
    const json = format === "json" ? new DiagnosticsCollector(positionals) : undefined;
    let errors = 0;
    let warnings = 0;
    let failed = 0;
    for (const path of positionals) {
      try {
        const d = diagnoseFile(path, setValues(args));
        if (json !== undefined) {
          json.add(d.diagnostics, d.sources);
          continue;
        }
        const n = printDiagnostics(d.diagnostics, d.sources, io);
        errors += n;
        warnings += d.diagnostics.length - n;
        if (n > 0) failed++;
      } catch (e) {
        if (!(e instanceof SourceReadError)) throw e;
        if (json !== undefined) {
          json.addUnreadable(path, e.message);
          continue;
        }
        const hint = isRunArg(path)
          ? `  = hint: a run directory goes with --report: \`archc check --report ${path}\`\n`
          : "";
        io.err(`error: ${e.message}\n${hint}\n`);
        errors++;
        failed++;
      }
    }
    if (json !== undefined) {
      io.out(json.render());
      return json.errors > 0 ? 1 : 0;
    }
    (errors > 0 ? io.err : io.out)(summary(positionals.length, errors, failed, warnings) + "\n");
    return errors > 0 ? 1 : 0;
  },
};
