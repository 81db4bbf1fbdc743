// Lays out the whole picture top-down along one vertical stream: input → embeddings → block
// sections (folded repeats show "× N") → final norm → head → logits, a dashed tie from a tied head
// back to the token embedding, and the DWA panel to the left of the blocks.
import { drawDwa, dwaHeight, DWA_WIDTH } from "./draw-dwa.ts";
import { drawSection, sectionWidth } from "./draw-section.ts";
import {
  COLORS,
  DETAIL_SIZE,
  inlineLabel,
  inlineWidth,
  LABEL_SIZE,
  type Palette,
} from "./draw-unit.ts";
import type { Box, Picture } from "./model.ts";
import {
  ARROW_DEFS,
  arrow,
  el,
  FONT,
  group,
  line,
  path,
  rect,
  text,
  textWidth,
  type El,
} from "./svg.ts";

const M = 24;
const BOX_H = 40;

function boxWidth(b: Box): number {
  return Math.max(
    150,
    textWidth(b.label, LABEL_SIZE) * 1.08 + 26,
    textWidth(b.detail, DETAIL_SIZE) + 26,
  );
}

function box(b: Box, cx: number, y: number, pal: Palette, w = boxWidth(b)): El {
  return group(
    rect(cx - w / 2, y, w, BOX_H, pal.fill, pal.stroke),
    text(cx, y + 16, b.label, { size: LABEL_SIZE, weight: "bold" }),
    text(cx, y + 32, b.detail, { size: DETAIL_SIZE, fill: "#3e4c59" }),
  );
}

/** The picture as an SVG element tree. */
export function drawPicture(p: Picture): El {
  const dwaW = p.dwa === undefined ? 0 : DWA_WIDTH + 40;
  const sx = M + dwaW + 130;
  const left = sx - 110;
  const lx = sx + 64;
  const els: El[] = [];
  let y = 76;
  const down = (to: number): void => {
    els.push(arrow(sx, y, sx, to));
    y = to;
  };
  // input and embeddings: the token embedding on the stream, other embeddings branch off and join ⊕
  els.push(box(p.input, sx, y, COLORS.io));
  y += BOX_H;
  const [tok, ...others] = p.embeds;
  const embedY = y + 24;
  let right = sx + 150;
  if (tok !== undefined) {
    down(embedY);
    els.push(box(tok, sx, y, COLORS.embed));
    let ox = Math.max(sx + boxWidth(tok) / 2 + 24, lx);
    for (const o of others) {
      const w = boxWidth(o);
      els.push(
        path(`M ${sx} ${embedY - 12} H ${ox + w / 2} V ${embedY}`, "#52606d", 1.5, {
          "marker-end": "url(#arrow)",
        }),
      );
      els.push(box(o, ox + w / 2, embedY, COLORS.embed));
      els.push(
        path(
          `M ${ox + w / 2} ${embedY + BOX_H} V ${embedY + BOX_H + 20} H ${sx + 10}`,
          "#52606d",
          1.5,
          { "marker-end": "url(#arrow)" },
        ),
      );
      ox += w + 20;
      right = Math.max(right, ox);
    }
    y += BOX_H;
    if (others.length > 0) {
      els.push(line(sx, y, sx, y + 11, "#1f2933", 2.2), ...plusAt(sx, y + 20));
      y += 29;
    }
  }
  // block sections
  const blocksTop = y + 20;
  const geometry = { sx, lx };
  const sectionW = Math.max(0, ...p.sections.map((s) => sectionWidth(s, geometry, left)));
  for (const [i, s] of p.sections.entries()) {
    down(y + 20);
    const drawn = drawSection(s, geometry, left, y, sectionW);
    els.push(...drawn.els);
    y = drawn.bottom;
    if (p.dwa !== undefined && i === p.sections.length - 1) {
      // the DWA after every block: a diamond on the stream, tied to the panel on the left
      const yd = y - 12;
      const panelRight = M + DWA_WIDTH;
      const yp = Math.min(yd, blocksTop + dwaHeight(p.dwa) - 16);
      els.push(
        path(
          `M ${sx - 7} ${yd} H ${panelRight + 18} V ${yp} H ${panelRight}`,
          COLORS.moe.stroke,
          1.3,
          { "stroke-dasharray": "4 3" },
        ),
        el("path", {
          d: `M ${sx} ${yd - 7} L ${sx + 7} ${yd} L ${sx} ${yd + 7} L ${sx - 7} ${yd} Z`,
          fill: COLORS.moe.fill,
          stroke: COLORS.moe.stroke,
          "stroke-width": 1.4,
        }),
        text(sx + 12, yd + 4, "DWA after each block", {
          size: DETAIL_SIZE,
          anchor: "start",
          fill: COLORS.moe.stroke,
          weight: "bold",
        }),
      );
    }
  }
  right = Math.max(right, left + sectionW);
  if (p.dwa !== undefined) els.push(drawDwa(p.dwa, M, blocksTop, left - 40));
  if (p.scalarMix !== undefined) {
    // every layer's output (and the embedding's) feeds the mix: drawn as one box on the stream
    down(y + 22);
    els.push(box(p.scalarMix, sx, y, COLORS.moe));
    y += BOX_H;
  }
  if (p.finalNorm !== undefined) {
    down(y + 22);
    const w = inlineWidth(p.finalNorm.label, p.finalNorm.detail) + 30;
    els.push(
      rect(sx - w / 2, y, w, 28, COLORS.norm.fill, COLORS.norm.stroke, 14),
      inlineLabel(p.finalNorm.label, p.finalNorm.detail, sx, y + 18),
    );
    y += 28;
  }
  down(y + 22);
  const headY = y;
  els.push(box(p.head, sx, y, COLORS.head));
  y += BOX_H;
  down(y + 22);
  els.push(box(p.output, sx, y, COLORS.io));
  y += BOX_H;
  if (p.head.tied && tok !== undefined) {
    const tx = left - 16;
    const hx = sx - boxWidth(p.head) / 2;
    const ex = sx - boxWidth(tok) / 2;
    els.push(
      path(
        `M ${hx} ${headY + BOX_H / 2} H ${tx + 8} Q ${tx} ${headY + BOX_H / 2} ${tx} ${headY + BOX_H / 2 - 8} V ${embedY + BOX_H / 2 + 8} Q ${tx} ${embedY + BOX_H / 2} ${tx + 8} ${embedY + BOX_H / 2} H ${ex}`,
        COLORS.head.stroke,
        1.5,
        { "stroke-dasharray": "6 4", "marker-end": "url(#arrow)" },
      ),
      text(tx - 6, (headY + embedY) / 2, "tied: same table E", {
        size: DETAIL_SIZE,
        fill: COLORS.head.stroke,
        weight: "bold",
        anchor: "middle",
        rotate: -90,
      }),
    );
  }
  // footnotes (the grow schedule): one line each under the logits
  const notes = p.notes ?? [];
  notes.forEach((note, i) => {
    els.push(
      text(M, y + 30 + i * 17, note, {
        size: i === 0 ? 12 : DETAIL_SIZE,
        anchor: "start",
        weight: i === 0 ? "bold" : "normal",
      }),
    );
  });
  if (notes.length > 0) y += 30 + 17 * (notes.length - 1) + 6;
  const width = Math.ceil(
    Math.max(
      right,
      textWidth(p.subtitle, 12) + 2 * M,
      textWidth(p.title, 18) + 2 * M,
      ...notes.map((n) => textWidth(n, 12) + 2 * M),
    ) + M,
  );
  const height = Math.ceil(y + M);
  return el(
    "svg",
    {
      xmlns: "http://www.w3.org/2000/svg",
      width,
      height,
      viewBox: `0 0 ${width} ${height}`,
      "font-family": FONT,
    },
    ARROW_DEFS,
    rect(0, 0, width, height, "#ffffff", "none", 0),
    text(M, 32, p.title, { size: 18, weight: "bold", anchor: "start" }),
    text(M, 52, p.subtitle, { size: 12, anchor: "start", fill: "#52606d" }),
    ...els,
  );
}

function plusAt(x: number, y: number): El[] {
  return [
    el("circle", { cx: x, cy: y, r: 9, fill: "#ffffff", stroke: "#1f2933", "stroke-width": 1.6 }),
    line(x - 5, y, x + 5, y, "#1f2933", 1.6),
    line(x, y - 5, x, y + 5, "#1f2933", 1.6),
  ];
}
