// The DenseFormer panel: block outputs X_0 (embedding) … X_L on the left, the DWA sites Y_i on the
// right, a curve from every X_j that site i averages (j ∈ S_i), with the dilation and period.
import type { DwaInfo } from "./model.ts";
import { COLORS, DETAIL_SIZE } from "./draw-unit.ts";
import { el, group, path, rect, text, type El } from "./svg.ts";

export const DWA_WIDTH = 250;

const rowHeight = (d: DwaInfo): number => Math.max(12, Math.min(24, 420 / Math.max(1, d.layers)));

/** Height of the panel. */
export function dwaHeight(d: DwaInfo): number {
  return 78 + d.layers * rowHeight(d) + 24;
}

/** Draws the panel with its top-left corner at (x0, top); `right` is where the blocks begin. */
export function drawDwa(d: DwaInfo, x0: number, top: number, right: number): El {
  const pal = COLORS.moe;
  const rowH = rowHeight(d);
  const xa = x0 + 86;
  const xb = Math.min(xa + 96, right - 46);
  const y0 = top + 78;
  const rowY = (j: number): number => y0 + j * rowH;
  const els: El[] = [
    rect(x0, top, DWA_WIDTH, rowY(d.layers) - top + 24, "#fdf7fe", pal.stroke, 10),
    text(x0 + 12, top + 20, `DWA · dilation ${d.dilation} · period ${d.period}`, {
      size: 12,
      weight: "bold",
      anchor: "start",
    }),
    text(x0 + 12, top + 37, `after block i: Y_i = Σ α_ij · X_j over S_i`, {
      size: DETAIL_SIZE,
      anchor: "start",
    }),
    text(x0 + 12, top + 53, `S_i = {j ≤ i : j ≡ i mod ${d.dilation}} · ${d.params} weights`, {
      size: DETAIL_SIZE,
      anchor: "start",
      fill: "#52606d",
    }),
  ];
  for (const s of d.sites) {
    const yi = rowY(s.site);
    for (const j of s.sources) {
      const yj = rowY(j);
      const c = (xb - xa) * 0.55;
      els.push(
        path(`M ${xa + 5} ${yj} C ${xa + c} ${yj} ${xb - c} ${yi} ${xb - 7} ${yi}`, pal.stroke, 1, {
          opacity: j === s.site ? 0.9 : 0.55,
        }),
      );
    }
  }
  for (let j = 0; j <= d.layers; j++) {
    const y = rowY(j);
    els.push(
      el("circle", {
        cx: xa,
        cy: y,
        r: 4.5,
        fill: "#ffffff",
        stroke: "#1f2933",
        "stroke-width": 1.3,
      }),
      text(xa - 10, y + 4, j === 0 ? "X0 embed" : `X${j} block ${j - 1}`, {
        size: 10,
        anchor: "end",
      }),
    );
  }
  for (const s of d.sites) {
    const y = rowY(s.site);
    els.push(
      el("path", {
        d: `M ${xb} ${y - 6} L ${xb + 6} ${y} L ${xb} ${y + 6} L ${xb - 6} ${y} Z`,
        fill: pal.fill,
        stroke: pal.stroke,
        "stroke-width": 1.3,
      }),
      text(xb + 10, y + 4, `Y${s.site} (${s.sources.length})`, { size: 10, anchor: "start" }),
    );
  }
  return group(...els);
}
