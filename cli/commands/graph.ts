// `archc graph FILE [-o model.svg|model.html]`: draw the model (compiler/graph/) as a hand-written
// SVG, or an HTML page embedding it; without -o the SVG goes to stdout.
import { basename, dirname } from "node:path";
import { writeOutput } from "../../compiler/compile.ts";
import { renderHtml, renderSvg } from "../../compiler/graph/index.ts";
import { buildProgram } from "../../compiler/program.ts";
import { type Command, UsageError } from "../command.ts";
import { printDiagnostics } from "../report.ts";
import { missingFile } from "./input-file.ts";
import { graphMeta } from "./meta/graph.ts";

export const graph: Command = {
  ...graphMeta,
  run({ values, positionals }, io) {
    const file = positionals[0]!;
    const out = values["out"];
    if (typeof out === "string" && !/\.(svg|html?)$/i.test(out)) {
      throw new UsageError(
        `cannot tell the format of \`${out}\``,
        "name the output file *.svg or *.html",
      );
    }
    if (missingFile(file, io)) return 1;
    // the picture shows the model as written: the lowered graph, no passes
    const r = buildProgram(file, { optimize: false });
    const errors = printDiagnostics(r.diagnostics, r.sources, io);
    if (r.model === undefined || errors > 0) {
      if (errors === 0) io.err(`error: \`${file}\` defines no model\n`);
      return 1;
    }
    const { graph: g, grow } = r.model.lowered;
    const opts = grow === undefined ? {} : { grow };
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
