// The picture of a model (`archc graph FILE -o model.svg|.html`): graph → Picture → SVG text.
import type { Graph } from "../ir/types.ts";
import type { GrowSpec } from "../lower/grow-spec.ts";
import { exitLines } from "../report/exits.ts";
import { describeEvent } from "../report/grow.ts";
import { drawPicture } from "./draw-model.ts";
import { pictureModel } from "./model.ts";
import { escapeXml, printSvg } from "./svg.ts";

export interface RenderOptions {
  /** The file's grow schedule, listed under the picture (the picture shows the initial model). */
  readonly grow?: GrowSpec;
  /** Lines the caller adds under the picture (`archc graph RUN`: the run and what `archc drop` removed). */
  readonly notes?: readonly string[];
}

function svgText(g: Graph, opts: RenderOptions): string {
  const events = opts.grow?.events ?? [];
  const grow =
    events.length === 0
      ? []
      : [
          "Grow schedule (the picture shows the model before it):",
          ...events.map((e) => `step ${e.step}: ${describeEvent(e)}`),
        ];
  const exits = g.meta.exits === undefined ? [] : exitLines(g.meta.exits).filter((l) => l !== "");
  const notes = [...(opts.notes ?? []), ...grow, ...exits];
  return printSvg(drawPicture({ ...pictureModel(g), notes }));
}

/** The SVG document for a lowered graph. */
export function renderSvg(g: Graph, opts: RenderOptions = {}): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${svgText(g, opts)}\n`;
}

/** A standalone HTML page embedding the SVG. */
export function renderHtml(g: Graph, opts: RenderOptions = {}): string {
  const svg = svgText(g, opts);
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeXml(g.name)}</title></head>`,
    '<body style="margin: 0; padding: 24px; background: #f0f4f8; text-align: center;">',
    svg,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
