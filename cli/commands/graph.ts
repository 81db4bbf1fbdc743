// `archc graph FILE|RUN [-o model.svg|model.html]`: draw the model (compiler/graph/) as a
// hand-written SVG, or an HTML page embedding it; without -o the SVG goes to stdout. A run is drawn
// as it holds its model (model-arg.ts): a dropped run's dropped layers are absent from the picture,
// and a footnote names the run and the trained layers it lacks.
import { basename, dirname } from "node:path";
import { writeOutput } from "../../compiler/compile.ts";
import { renderHtml, renderSvg } from "../../compiler/graph/index.ts";
import { type Command, UsageError } from "../command.ts";
import { buildModelArg } from "./model-arg.ts";
import { graphMeta } from "./meta/graph.ts";

export const graph: Command = {
  ...graphMeta,
  run({ values, positionals }, io) {
    const arg = positionals[0]!;
    const out = values["out"];
    if (typeof out === "string" && !/\.(svg|html?)$/i.test(out)) {
      throw new UsageError(
        `cannot tell the format of \`${out}\``,
        "name the output file *.svg or *.html",
      );
    }
    // the picture shows the model as written: the lowered graph, no passes
    const m = buildModelArg(arg, { optimize: false }, io);
    if (m === null) return 1;
    const { graph: g, grow } = m.lowered;
    const opts = {
      ...(grow === undefined ? {} : { grow }),
      ...(m.runNotes === undefined ? {} : { notes: m.runNotes }),
    };
    if (typeof out !== "string") {
      io.out(renderSvg(g, opts));
      return 0;
    }
    const text = /\.html?$/i.test(out) ? renderHtml(g, opts) : renderSvg(g, opts);
    writeOutput(dirname(out), [{ path: basename(out), text }]); // its folder is made if missing
    io.err(`wrote ${out}\n`);
    return 0;
  },
};
