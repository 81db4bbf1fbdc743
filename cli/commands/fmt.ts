// `archc fmt FILE... [--check] [--stdout]`: print files in canonical form (in place by default).
// A file with syntax errors is never rewritten: its errors are reported instead.
import { writeFileSync } from "node:fs";
import { formatSource } from "../../grammar/format/index.ts";
import { SourceReadError, readSource } from "../../compiler/frontend.ts";
import { type Command, UsageError } from "../command.ts";
import { printDiagnostics } from "../report.ts";

export const fmt: Command = {
  name: "fmt",
  summary: "format .arch files in canonical form",
  usage: "archc fmt FILE... [--check] [--stdout]",
  description:
    "Rewrites each file in canonical form (comments kept in place). Files with syntax errors are\n" +
    "reported and left untouched. Exit status: 0 on success; 1 on a syntax error, or with --check\n" +
    "when a file is not formatted.",
  options: {
    check: { type: "boolean", description: "write nothing; list the files that are not formatted" },
    stdout: {
      type: "boolean",
      description: "print the formatted text instead of writing the files",
    },
  },
  positionals: { name: "FILE", min: 1 },
  run({ values, positionals }, io) {
    const checkOnly = values["check"] === true;
    const toStdout = values["stdout"] === true;
    if (checkOnly && toStdout)
      throw new UsageError("`--check` and `--stdout` cannot be used together");
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
