// `archc graph`: its name, help text and flags, what `archc --help` and the flag parser read
// without loading the command (commands/graph.ts runs it).
import type { CommandMeta } from "../../command.ts";

export const graphMeta: CommandMeta = {
  name: "graph",
  summary: "draw a file's (or a run's) model as an SVG (or HTML) diagram",
  usage: "archc graph FILE|RUN [-o OUT.svg|OUT.html]",
  description:
    "Draws the model top-down: input, embeddings, the blocks (identical repeats folded into one box\n" +
    "marked × N), final norm and head; inside a block the residual stream with its sublayers, norms,\n" +
    "parallel branches, MoE routers, p-MoD routers with each layer's keep ratio and DWA connections,\n" +
    "labelled with shapes and parameter counts.\n" +
    "Given a run directory (or a checkpoint folder), draws the model the run holds, rebuilt from its\n" +
    "source snapshot with its recorded settings: after `archc drop` the dropped layers are absent\n" +
    "and a note under the picture names them.\n" +
    "Exit status: 0 on success, 1 on errors.",
  options: {
    out: {
      type: "string",
      short: "o",
      valueName: "FILE",
      description: "write to FILE (.svg or .html) instead of stdout",
    },
  },
  positionals: { name: "FILE or RUN", min: 1, max: 1 },
};
