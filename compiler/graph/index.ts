// The picture of a model (`archc graph FILE -o model.svg|.html`): graph → Picture → SVG text.
import type { Graph } from "../ir/types.ts";
import { drawPicture } from "./draw-model.ts";
import { pictureModel } from "./model.ts";
import { escapeXml, printSvg } from "./svg.ts";

/** The SVG document for a lowered graph. */
export function renderSvg(g: Graph): string {
  return `<?xml version="1.0" encoding="UTF-8"?>\n${printSvg(drawPicture(pictureModel(g)))}\n`;
}

/** A standalone HTML page embedding the SVG. */
export function renderHtml(g: Graph): string {
  const svg = printSvg(drawPicture(pictureModel(g)));
  return [
    "<!DOCTYPE html>",
    '<html lang="en">',
    `<head><meta charset="utf-8"><title>${escapeXml(g.name)}</title></head>`,
    '<body style="margin: 0; background: #f0f4f8;">',
    svg,
    "</body>",
    "</html>",
    "",
  ].join("\n");
}
