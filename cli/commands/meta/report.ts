// `archc report`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/report.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const reportMeta: CommandMeta = {
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
};
