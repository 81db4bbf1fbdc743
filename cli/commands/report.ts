// `archc report RUN... [-o FILE]`: overlay the metric panels of one or more training runs
// (runtime/report archcReport): an interactive HTML page, or one static SVG when FILE ends in .svg.
import { RuntimeUserError } from "../../runtime/errors.ts";
import { archcReport } from "../../runtime/report/report.ts";
import { type Command, UsageError } from "../command.ts";
import { messageOf, runDirProblem } from "./run-dir.ts";
import { reportMeta } from "./meta/report.ts";

export const report: Command = {
  ...reportMeta,
  async run({ values, positionals }, io) {
    const out = typeof values["out"] === "string" ? values["out"] : "report.html";
    if (!/\.(svg|html)$/i.test(out))
      throw new UsageError(
        `cannot tell the format of \`${out}\``,
        "name the output *.html or *.svg",
      );
    for (const dir of positionals) {
      const problem = runDirProblem(dir);
      if (problem !== undefined) {
        io.err(`error: ${problem}\n`);
        return 1;
      }
    }
    try {
      await archcReport(positionals, out);
    } catch (e) {
      if (!(e instanceof RuntimeUserError)) throw e;
      io.err(`error: ${messageOf(e)}\n`);
      return 1;
    }
    io.err(`wrote ${out} (${positionals.length} run${positionals.length === 1 ? "" : "s"})\n`);
    return 0;
  },
};
