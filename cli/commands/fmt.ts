// `archc fmt FILE... [--check] [--stdout]`: print files in canonical form (in place by default).
// `archc fmt -` (or no FILE with text piped in) formats standard input onto standard output.
// A file with syntax errors is never rewritten: its errors are reported instead.
import { writeFileSync } from "node:fs";
import { formatSource } from "../../grammar/format/index.ts";
import { SourceFile } from "../../grammar/core/source.ts";
import { SourceReadError, readSource } from "../../compiler/frontend.ts";
import { type Command, type Io, UsageError } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { fmtMeta } from "./meta/fmt.ts";

/** The name standard input has in messages. */
const STDIN_NAME = "<stdin>";

export const fmt: Command = {
  ...fmtMeta,
  async run({ values, positionals }, io) {
    const checkOnly = values["check"] === true;
    const toStdout = values["stdout"] === true;
    if (checkOnly && toStdout)
      throw new UsageError("`--check` and `--stdout` cannot be used together");
    const piped = io.stdin !== undefined && io.stdin.isTTY !== true;
    if (positionals.length === 0 && !piped)
      throw new UsageError("`archc fmt` needs FILE", `usage: ${fmt.usage}`);
    if (positionals.length === 0 || positionals.includes("-")) {
      if (positionals.length > 1)
        throw new UsageError("`-` (standard input) cannot be formatted together with files");
      if (io.stdin === undefined) throw new UsageError("there is no standard input to read");
      return formatStdin(await io.stdin.read(), checkOnly, io);
    }
    let failed = 0;
    for (const path of positionals) {
      try {
        const source = readSource(path);
        const result = formatSource(source.text, path);
        if (!result.ok) {
          printDiagnostics(result.diagnostics, new Map([[path, source]]), io);
          io.err(`error: \`${path}\` has syntax errors; not formatted\n`);
          failed++;
        } else if (toStdout) {
          io.out(result.text);
        } else if (!result.changed) {
          continue;
        } else if (checkOnly) {
          io.out(`${path}: not formatted\n`);
          failed++;
        } else {
          writeFileSync(path, result.text);
          io.out(`formatted ${path}\n`);
        }
      } catch (e) {
        if (!(e instanceof SourceReadError)) throw e;
        io.err(`error: ${e.message}\n`);
        failed++;
      }
    }
    return failed > 0 ? 1 : 0;
  },
};

/** Standard input formatted onto stdout; with --check only the verdict. */
function formatStdin(text: string, checkOnly: boolean, io: Io): number {
  const result = formatSource(text, STDIN_NAME);
  if (!result.ok) {
    printDiagnostics(
      result.diagnostics,
      new Map([[STDIN_NAME, new SourceFile(STDIN_NAME, text)]]),
      io,
    );
    io.err("error: standard input has syntax errors; not formatted\n");
    return 1;
  }
  if (!checkOnly) {
    io.out(result.text);
    return 0;
  }
  if (!result.changed) return 0;
  io.out(`${STDIN_NAME}: not formatted\n`);
  return 1;
}
