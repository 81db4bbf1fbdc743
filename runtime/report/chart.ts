// A small hand-written SVG line chart for the static report (the run directory's report.svg): axes
// with "nice" ticks, labels, solid and dashed series with optional point markers, growth marks.
// The legend sits below the plot, so it never covers data; the y-range leaves out isolated spikes
// (./robust.ts), which are drawn clipped at the plot's edge with a ▲/▼ marker and noted under the
// title. No dependencies; output is well-formed standalone SVG.
import { paddedRange, robustRange } from "./robust.ts";

export interface Series {
  readonly label: string;
  readonly color: string;
  readonly points: readonly (readonly [number, number])[];
  readonly dashed?: boolean;
  readonly markers?: boolean;
  readonly opacity?: number;
  /** Omit from the legend. */
  readonly hidden?: boolean;
  /** Computed from another series of the chart (a smoothed curve): it does not set the y-range
   *  and, where it leaves the range, is clipped at the edge without a spike marker. */
  readonly derived?: boolean;
}

export interface ChartOptions {
  readonly title: string;
  readonly xLabel: string;
  readonly yLabel: string;
  readonly width?: number;
  /** Height of title, plot and axes; the legend rows come below it. */
  readonly height?: number;
  /** Events drawn as dotted vertical lines with a label (growth events). */
  readonly marks?: readonly { readonly x: number; readonly label: string }[];
  /** Leave isolated spikes out of the y-range and draw them clipped (default true). */
  readonly clipSpikes?: boolean;
}

/** One SVG chart with its size (to stack charts in one SVG file). */
export interface Panel {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

export const PALETTE = [
  "#1f77b4",
  "#d62728",
  "#2ca02c",
  "#ff7f0e",
  "#9467bd",
  "#8c564b",
  "#e377c2",
  "#17becf",
];

export function escapeXml(s: string): string {
  return s.replace(
    /[<>&"']/g,
    (c) => ({ "<": "&lt;", ">": "&gt;", "&": "&amp;", '"': "&quot;", "'": "&apos;" })[c]!,
  );
}

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 6): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const mag = Math.pow(10, Math.floor(Math.log10(raw)));
  const steps = [1, 2, 2.5, 5, 10, 20].map((k) => k * mag);
  const ticksFor = (s: number): number => Math.floor(hi / s) - Math.ceil(lo / s) + 1;
  const step = steps.reduce((best, s) =>
    Math.abs(ticksFor(s) - count) < Math.abs(ticksFor(best) - count) ? s : best,
  );
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step)
    out.push(Number(v.toPrecision(12)));
  return out;
}

export const fmtValue = (v: number): string =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(1)
    : String(Number(v.toPrecision(4)));

const LEGEND_ROW = 18;
/** Legend entries laid out in rows under the plot: [series, x, row]. */
function legendLayout(series: readonly Series[], x0: number, width: number) {
  const out: { s: Series; x: number; row: number }[] = [];
  let x = x0;
  let row = 0;
  for (const s of series.filter((s) => s.hidden !== true)) {
    const w = 40 + 6.6 * s.label.length;
    if (x > x0 && x + w > x0 + width) [x, row] = [x0, row + 1];
    out.push({ s, x, row });
    x += w;
  }
  return { entries: out, rows: out.length === 0 ? 0 : row + 1 };
}

/** A short stable id from a string (clip-path ids must differ between stacked charts). */
function hashId(s: string): string {
  let h = 2166136261;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return (h >>> 0).toString(36);
}

/** The chart as a string (an SVG document without the XML declaration). */
export function lineChart(series: readonly Series[], o: ChartOptions): string {
  return lineChartPanel(series, o).svg;
}

export function lineChartPanel(series: readonly Series[], o: ChartOptions): Panel {
  const W = o.width ?? 800;
  const H0 = o.height ?? 480;
  const m = { left: 70, right: 20, top: 48, bottom: 50 };
  const finite = (s: Series) =>
    s.points.filter(([x, y]) => Number.isFinite(x) && Number.isFinite(y));
  const pts = series.flatMap(finite);
  const xs = pts.map((p) => p[0]);
  let [x0, x1] = pts.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  if (x1 === x0) x1 = x0 + 1;
  x0 = Math.min(x0, 0);
  const ys = series.filter((s) => s.derived !== true).map((s) => s.points.map((p) => p[1]));
  const [y0, y1] = (o.clipSpikes === false ? paddedRange(ys.flat()) : robustRange(ys)) ?? [0, 1];
  const pw = W - m.left - m.right;
  const ph = H0 - m.top - m.bottom;
  const sx = (x: number): number => m.left + ((x - x0) / (x1 - x0)) * pw;
  // lines may run past the plot (cut there by the clip path, never drawn flat along the edge);
  // markers sit at the edge (`edge`)
  const r = y1 - y0;
  const at = (y: number, lo: number, hi: number): number =>
    m.top + (1 - (Math.min(hi, Math.max(lo, y)) - y0) / r) * ph;
  const sy = (y: number): number => at(y, y0 - 10 * r, y1 + 10 * r);
  const edge = (y: number): number => at(y, y0, y1);
  const clipId = `plot-${hashId(`${o.title} ${W} ${H0}`)}`;
  const f = (n: number): string => n.toFixed(1);
  const legend = legendLayout(series, m.left, pw);
  const H = H0 + legend.rows * LEGEND_ROW + (legend.rows > 0 ? 6 : 0);

  const parts: string[] = [];
  parts.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" font-family="sans-serif" font-size="12">`,
  );
  parts.push(`<rect x="0" y="0" width="${W}" height="${H}" fill="white"/>`);
  parts.push(
    `<text x="${W / 2}" y="22" text-anchor="middle" font-size="16">${escapeXml(o.title)}</text>`,
  );
  for (const t of niceTicks(y0, y1)) {
    parts.push(
      `<line x1="${m.left}" x2="${W - m.right}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#e5e5e5"/>`,
    );
    parts.push(
      `<text x="${m.left - 6}" y="${f(sy(t) + 4)}" text-anchor="end">${fmtValue(t)}</text>`,
    );
  }
  for (const t of niceTicks(x0, x1)) {
    parts.push(
      `<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${m.top + ph}" y2="${m.top + ph + 5}" stroke="black"/>`,
    );
    parts.push(
      `<text x="${f(sx(t))}" y="${m.top + ph + 18}" text-anchor="middle">${fmtValue(t)}</text>`,
    );
  }
  parts.push(
    `<line x1="${m.left}" y1="${m.top}" x2="${m.left}" y2="${m.top + ph}" stroke="black"/>`,
    `<line x1="${m.left}" y1="${m.top + ph}" x2="${m.left + pw}" y2="${m.top + ph}" stroke="black"/>`,
    `<text x="${m.left + pw / 2}" y="${m.top + ph + 36}" text-anchor="middle">${escapeXml(o.xLabel)}</text>`,
    `<text x="16" y="${m.top + ph / 2}" text-anchor="middle" transform="rotate(-90 16 ${m.top + ph / 2})">${escapeXml(o.yLabel)}</text>`,
  );
  if (pts.length === 0)
    parts.push(
      `<text x="${m.left + pw / 2}" y="${m.top + ph / 2}" text-anchor="middle" fill="#888">no data yet</text>`,
    );
  (o.marks ?? []).forEach((mk, i) => {
    if (!(mk.x >= x0 && mk.x <= x1)) return;
    const x = f(sx(mk.x));
    parts.push(
      `<line x1="${x}" x2="${x}" y1="${m.top}" y2="${m.top + ph}" stroke="#777" stroke-dasharray="2 3"/>`,
    );
    const right = sx(mk.x) > m.left + pw / 2; // label on the side with room
    parts.push(
      `<text x="${f(sx(mk.x) + (right ? -3 : 3))}" y="${m.top + ph - 6 - (i % 4) * 13}" font-size="10" fill="#555"${right ? ' text-anchor="end"' : ""}>${escapeXml(mk.label)}</text>`,
    );
  });
  const clipped: number[] = [];
  parts.push(
    `<clipPath id="${clipId}"><rect x="${m.left}" y="${m.top}" width="${pw}" height="${ph}"/></clipPath>`,
  );
  for (const s of series) {
    const good = finite(s);
    if (good.length === 0) continue;
    const d = good.map(([x, y], i) => `${i === 0 ? "M" : "L"}${f(sx(x))},${f(sy(y))}`).join(" ");
    const dash = s.dashed === true ? ` stroke-dasharray="6 4"` : "";
    parts.push(
      `<path d="${d}" fill="none" stroke="${s.color}" stroke-width="1.5" stroke-opacity="${s.opacity ?? 1}"${dash} clip-path="url(#${clipId})"/>`,
    );
    if (s.markers === true)
      for (const [x, y] of good)
        parts.push(`<circle cx="${f(sx(x))}" cy="${f(edge(y))}" r="3" fill="${s.color}"/>`);
    if (s.derived === true) continue;
    for (const [x, y] of good.filter(([, y]) => y > y1 || y < y0)) {
      clipped.push(y);
      const [cx, up] = [sx(x), y > y1];
      const tip = up ? m.top : m.top + ph;
      const base = up ? tip + 7 : tip - 7;
      parts.push(
        `<polygon points="${f(cx - 4)},${f(base)} ${f(cx + 4)},${f(base)} ${f(cx)},${f(tip)}" fill="${s.color}"><title>step ${fmtValue(x)}: ${fmtValue(y)} (outside the range)</title></polygon>`,
      );
    }
  }
  if (clipped.length > 0) {
    const hi = clipped.filter((y) => y > y1);
    const lo = clipped.filter((y) => y < y0);
    const say = [
      hi.length > 0 ? `${hi.length} above (up to ${fmtValue(Math.max(...hi))})` : "",
      lo.length > 0 ? `${lo.length} below (down to ${fmtValue(Math.min(...lo))})` : "",
    ].filter((t) => t !== "");
    parts.push(
      `<text x="${W / 2}" y="38" text-anchor="middle" font-size="11" fill="#666">spikes clipped (▲▼): ${say.join(", ")}</text>`,
    );
  }
  for (const { s, x, row } of legend.entries) {
    const y = H0 + 4 + row * LEGEND_ROW;
    const dash = s.dashed === true ? ` stroke-dasharray="6 4"` : "";
    parts.push(
      `<line x1="${x}" x2="${x + 24}" y1="${y - 4}" y2="${y - 4}" stroke="${s.color}" stroke-width="2"${dash}/>`,
      `<text x="${x + 30}" y="${y}">${escapeXml(s.label)}</text>`,
    );
  }
  parts.push("</svg>");
  return { svg: parts.join("\n") + "\n", width: W, height: H };
}
