// `archc report RUN... [-o FILE]`: overlay the metric panels of one or more training runs
// (runtime/report archcReport): an interactive HTML page, or one static SVG when FILE ends in .svg.
import { RuntimeUserError } from "../../runtime/errors.ts";
import { archcReport } from "../../runtime/report/report.ts";
import { type Command, UsageError } from "../command.ts";
import { messageOf, runDirProblem } from "./run-dir.ts";

export const report: Command = {
  name: "report",
  summary: "chart training runs: loss, learning rate, gradient norm, tokens/s",
  usage: "archc report RUN... [-o OUT.html|OUT.svg]",
  description:
    "Reads metrics.jsonl of every run directory given (runs/<name>-<time>/) and draws the runs\n" +
    "overlaid: loss (train smoothed over the raw curve, validation dashed), learning rate, gradient\n" +
    "norm and tokens per second, then per-expert load and DWA weights where the runs logged them.\n" +
    "The HTML page (default report.html) opens offline: hover values, drag to zoom, log scale,\n" +
    "smoothing, spike clipping. .svg writes the static charts. Exit status: 0 on success, 1 when a\n" +
    "run directory is missing or unreadable.",
  options: {
    out: {
      type: "string",
      short: "o",
      valueName: "FILE",
      description: "write to FILE (.html or .svg; default report.html)",
    },
  },
  positionals: { name: "RUN", min: 1 },
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
