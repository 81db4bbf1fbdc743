// Draws one block section: a container titled "blocks.0–11 · PreLNBlock" with a "× N" badge when
// folded, the block's stream inside; a group section (a repeating cycle) holds its member sections.
import { columnWidth, drawDiagram } from "./draw-block.ts";
import { DETAIL_SIZE } from "./draw-unit.ts";
import type { BlockSection } from "./sections.ts";
import { line, rect, text, textWidth, type El } from "./svg.ts";

const TITLE_H = 50;
const INSET = 12;

export interface SectionGeometry {
  /** x of the residual stream */
  readonly sx: number;
  /** x where the branch column starts */
  readonly lx: number;
}

function titleOf(s: BlockSection): string {
  return `${s.name} · ${s.block}`;
}

/** The width a section needs from `left`. */
export function sectionWidth(s: BlockSection, g: SectionGeometry, left: number): number {
  const title =
    Math.max(
      g.sx + textWidth(titleOf(s), 13) * 1.15 + 110,
      g.sx + textWidth(s.detail, DETAIL_SIZE) + 40,
    ) - left;
  if (s.members !== undefined)
    return Math.max(title, ...s.members.map((m) => sectionWidth(m, g, left + INSET) + 2 * INSET));
  const drawn = drawDiagram(s.diagram, g.sx, g.lx, 0);
  return Math.max(title, g.lx + columnWidth(s.diagram) + 24 - left, drawn.right + 24 - left);
}

/** Draws the section with its top-left corner at (left, top), `w` wide; returns the bottom. */
export function drawSection(
  s: BlockSection,
  g: SectionGeometry,
  left: number,
  top: number,
  w: number,
  badge = true,
): { els: El[]; bottom: number } {
  const inner: El[] = [];
  let bottom: number;
  if (s.members !== undefined) {
    let y = top + TITLE_H;
    for (const m of s.members) {
      inner.push(line(g.sx, y, g.sx, y + 8, "#1f2933", 2.2));
      const r = drawSection(m, g, left + INSET, y + 8, w - 2 * INSET, false);
      inner.push(...r.els);
      y = r.bottom;
    }
    inner.push(line(g.sx, y, g.sx, y + 10, "#1f2933", 2.2));
    bottom = y + 10;
  } else {
    const drawn = drawDiagram(s.diagram, g.sx, g.lx, top + TITLE_H);
    inner.push(...drawn.els, line(g.sx, drawn.bottom, g.sx, drawn.bottom + 14, "#1f2933", 2.2));
    bottom = drawn.bottom + 14;
  }
  const folded = s.count > 1 && badge;
  const els: El[] = [
    rect(
      left,
      top,
      w,
      bottom - top,
      s.members !== undefined ? "#f4f6fb" : "#fbfcfe",
      "#7b8794",
      10,
      { "stroke-dasharray": folded ? "6 3" : undefined },
    ),
    text(g.sx + 16, top + 20, titleOf(s), { size: 13, weight: "bold", anchor: "start" }),
    text(g.sx + 16, top + 37, s.detail, { size: DETAIL_SIZE, anchor: "start", fill: "#52606d" }),
    line(g.sx, top, g.sx, top + TITLE_H, "#1f2933", 2.2),
    ...inner,
  ];
  if (folded) {
    els.push(
      rect(left + w - 70, top + 9, 58, 28, "#1f2933", "#1f2933", 14),
      text(left + w - 41, top + 29, `× ${s.count}`, { size: 16, weight: "bold", fill: "#ffffff" }),
    );
  }
  return { els, bottom };
}
