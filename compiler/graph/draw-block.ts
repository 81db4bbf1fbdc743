// Lays out and draws the inside of one block: the residual stream as a vertical line, ops on it
// as boxes on the line, each residual branch forking off to the right and re-joining at a ⊕ node;
// a parallel block's lanes side by side under their shared norm.
import { drawUnit, unitSize } from "./draw-unit.ts";
import { arrow, el, group, line, path, text, type El } from "./svg.ts";
import { placement, type BlockDiagram, type StreamItem } from "./structure.ts";
import type { Unit } from "./units.ts";

const STREAM = "#1f2933";
const BRANCH = "#52606d";
const GAP = 16;
const LANE_GAP = 28;

export interface Drawn {
  readonly els: readonly El[];
  readonly bottom: number;
  readonly right: number;
}

/** Width of the main branch column: the widest unit of any single-lane branch. */
export function columnWidth(d: BlockDiagram): number {
  let w = 0;
  for (const it of d.items) {
    if (it.kind !== "residual") continue;
    const lanes = it.lanes.length === 1 ? [[...it.shared, ...(it.lanes[0] ?? [])]] : [it.shared];
    for (const lane of lanes) for (const u of lane) w = Math.max(w, unitSize(u).w);
  }
  return w;
}

function plus(x: number, y: number): El {
  return group(
    el("circle", { cx: x, cy: y, r: 9, fill: "#ffffff", stroke: STREAM, "stroke-width": 1.6 }),
    line(x - 5, y, x + 5, y, STREAM, 1.6),
    line(x, y - 5, x, y + 5, STREAM, 1.6),
  );
}

/** Stacks units top-down centred on cx from `top`; returns the bottom. */
function stack(units: readonly Unit[], cx: number, top: number, w: number, els: El[]): number {
  let y = top;
  units.forEach((u, i) => {
    if (i > 0) {
      els.push(arrow(cx, y, cx, y + GAP));
      y += GAP;
    }
    els.push(drawUnit(u, cx, y, w));
    y += unitSize(u).h;
  });
  return y;
}

function laneWidth(lane: readonly Unit[]): number {
  return Math.max(0, ...lane.map((u) => unitSize(u).w));
}

function residual(
  it: Extract<StreamItem, { kind: "residual" }>,
  sx: number,
  lx: number,
  colW: number,
  y0: number,
  els: El[],
): { bottom: number; right: number } {
  const yFork = y0 + 10;
  const single = it.lanes.length <= 1;
  const widths = single ? [colW] : it.lanes.map(laneWidth);
  const centers: number[] = [];
  let x = lx;
  for (const w of widths) {
    centers.push(x + w / 2);
    x += w + LANE_GAP;
  }
  const right = x - LANE_GAP;
  const firstC = centers[0] ?? lx;
  const lastC = centers[centers.length - 1] ?? lx;
  const sharedC = single ? firstC : (firstC + lastC) / 2;
  els.push(el("circle", { cx: sx, cy: yFork, r: 3.5, fill: STREAM }));
  let top = yFork + 20;
  let bottoms: number[];
  if (single) {
    els.push(
      path(`M ${sx} ${yFork} H ${firstC} V ${top}`, BRANCH, 1.5, { "marker-end": "url(#arrow)" }),
    );
    bottoms = [stack([...it.shared, ...(it.lanes[0] ?? [])], firstC, top, colW, els)];
  } else {
    let splitY = yFork;
    if (it.shared.length > 0) {
      els.push(
        path(`M ${sx} ${yFork} H ${sharedC} V ${top}`, BRANCH, 1.5, {
          "marker-end": "url(#arrow)",
        }),
      );
      splitY =
        stack(it.shared, sharedC, top, Math.max(...it.shared.map((u) => unitSize(u).w)), els) + 10;
      els.push(
        line(sharedC, splitY - 10, sharedC, splitY, BRANCH),
        line(firstC, splitY, lastC, splitY, BRANCH),
      );
      top = splitY + 18;
    } else {
      els.push(line(sx, yFork, lastC, yFork, BRANCH));
    }
    bottoms = it.lanes.map((lane, i) => {
      const c = centers[i] ?? lx;
      els.push(arrow(c, splitY, c, top));
      return stack(lane, c, top, widths[i] ?? 0, els);
    });
  }
  const yJoin = Math.max(...bottoms) + 16;
  bottoms.forEach((b, i) => els.push(line(centers[i] ?? lx, b, centers[i] ?? lx, yJoin, BRANCH)));
  els.push(path(`M ${lastC} ${yJoin} H ${sx + 10}`, BRANCH, 1.5, { "marker-end": "url(#arrow)" }));
  if (it.skip.length > 0) {
    const h = it.skip.reduce((a, u) => a + unitSize(u).h, 0) + GAP * (it.skip.length - 1);
    stack(it.skip, sx, (yFork + yJoin) / 2 - h / 2, 0, els);
  }
  els.push(plus(sx, yJoin));
  return { bottom: yJoin + 9, right };
}

/** Draws the items along a stream at x = sx, branches in a column starting at x = lx. */
export function drawDiagram(d: BlockDiagram, sx: number, lx: number, y0: number): Drawn {
  const colW = columnWidth(d);
  const els: El[] = [];
  let y = y0;
  let right = lx;
  for (const [i, it] of d.items.entries()) {
    if (it.kind === "op") {
      y += 12;
      els.push(drawUnit(it.unit, sx, y, unitSize(it.unit).w));
      right = Math.max(right, sx + unitSize(it.unit).w / 2);
      y += unitSize(it.unit).h + 6;
    } else {
      els.push(
        text(sx - 10, y + 14, placement(d.items, i), {
          size: 10,
          anchor: "end",
          italic: true,
          fill: "#7b8794",
        }),
      );
      const r = residual(it, sx, lx, colW, y, els);
      y = r.bottom;
      right = Math.max(right, r.right);
    }
  }
  y += 12;
  if (d.items.length === 0)
    els.push(text(sx + 16, y0 + 20, "(identity)", { size: 11, anchor: "start", italic: true }));
  return { els: [line(sx, y0, sx, y, STREAM, 2.2), ...els], bottom: y, right };
}
