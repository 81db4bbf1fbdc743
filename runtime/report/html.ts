// The interactive HTML report: every metric panel (./panels.ts) drawn with uPlot (npm `uplot`,
// inlined with its CSS, so the page opens offline and needs no server), with hover values in the
// legend under each chart, drag-to-zoom on the step axis (double-click resets; the panels zoom and
// hover together), a log-scale switch, a smoothing slider and a switch for the robust y-range
// that clips spikes (./robust.ts). Other panels (expert load, DWA heat map, tables) come in as HTML.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { escapeXml } from "./chart.ts";
import type { PanelData } from "./panels.ts";
import { paddedRange, robustLogRange, robustRange } from "./robust.ts";

const require = createRequire(import.meta.url);
const asset = (spec: string): string => readFileSync(require.resolve(spec), "utf8");
const own = (file: string): string => readFileSync(new URL(file, import.meta.url), "utf8");

/** Panel data as the page's script reads it: one step axis per panel, values aligned to it (null: none). */
function pageData(p: PanelData) {
  const xs = [...new Set(p.series.flatMap((s) => s.points.map((pt) => pt[0])))].sort(
    (a, b) => a - b,
  );
  const at = new Map(xs.map((x, i) => [x, i]));
  // the range comes from the measured series; smoothed curves lie inside it or are clipped
  const ys = p.series.filter((s) => s.derived !== true).map((s) => s.points.map((pt) => pt[1]));
  const values = p.series.map((s) => {
    const row: (number | null)[] = xs.map(() => null);
    for (const [x, y] of s.points) row[at.get(x)!] = Number.isFinite(y) ? y : null;
    return row;
  });
  return {
    id: p.id,
    title: p.title,
    yLabel: p.yLabel,
    alpha: p.alpha,
    marks: p.marks,
    x: xs,
    series: p.series.map((s, i) => ({
      label: s.label,
      color: s.color,
      dashed: s.dashed === true,
      markers: s.markers === true,
      faint: s.opacity !== undefined && s.opacity < 1,
      smoothOf: s.smoothOf ?? null,
      values: values[i],
    })),
    range: { robust: robustRange(ys), full: paddedRange(ys.flat()), log: robustLogRange(ys) },
  };
}

/** JSON safe inside a <script> element. */
const scriptJson = (v: unknown): string => JSON.stringify(v).replace(/</g, "\\u003c");

const STYLE = `body{font-family:sans-serif;margin:24px;color:#222}
.controls{position:sticky;top:0;margin-top:16px;background:#fff;padding:8px 0;z-index:2;border-bottom:1px solid #ddd;display:flex;gap:24px;align-items:center;flex-wrap:wrap}
.panel{margin:18px 0}.panel h2{font-size:16px;margin:6px 0}.note{color:#666;font-size:12px}
.scroll{overflow-x:auto}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;font-size:13px}th{background:#f3f3f3}code{background:#f6f6f6;padding:2px 4px}
.u-legend{font-size:12px;text-align:left}.u-legend .u-value{min-width:7ch}`;

export interface PageParts {
  readonly title: string;
  /** HTML before the charts (heading, protocol, tables); escaped by the caller. */
  readonly intro?: string;
  readonly panels: readonly PanelData[];
  /** HTML after the charts (static SVG panels). */
  readonly after?: string;
}

/** A standalone interactive page. */
export function interactivePage(parts: PageParts): string {
  const data = parts.panels.map(pageData);
  const ema = own("./client/ema.js").replace(/^export /m, "");
  return `<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>${escapeXml(parts.title)}</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>${asset("uplot/dist/uPlot.min.css")}</style>
<style>${STYLE}</style>
</head><body>
${parts.intro ?? `<h1>${escapeXml(parts.title)}</h1>`}
<div class="controls">
<label>smoothing <input id="ctl-alpha" type="range" min="0" max="0.99" step="0.01"> <span id="ctl-alpha-value"></span></label>
<label><input id="ctl-log" type="checkbox"> log scale</label>
<label><input id="ctl-clip" type="checkbox" checked> clip spikes (▲▼ mark them)</label>
<span class="note">drag across a chart to zoom, double-click to reset; values at the cursor are listed under each chart</span>
</div>
<div id="panels"></div>
${parts.after ?? ""}
<script>${asset("uplot/dist/uPlot.iife.min.js")}</script>
<script>${ema}</script>
<script>const ARCHC_PANELS = ${scriptJson(data)};</script>
<script>${own("./client/report.js")}</script>
</body></html>
`;
}
