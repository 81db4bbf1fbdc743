// Draws one unit of the picture: a sublayer box (label + sizes), a norm pill, a small op, or an MoE
// layer (router box fanning out to expert boxes and back into the gate-weighted sum Σ).
import { el, group, line, rect, text, textWidth, type El } from "./svg.ts";
import type { MoeInfo, Unit } from "./units.ts";

export interface Palette {
  readonly fill: string;
  readonly stroke: string;
}

export const COLORS = {
  attention: { fill: "#e8eaf6", stroke: "#3949ab" },
  ffn: { fill: "#e8f5e9", stroke: "#43a047" },
  norm: { fill: "#fff8e1", stroke: "#f9a825" },
  op: { fill: "#f5f7fa", stroke: "#9aa5b1" },
  moe: { fill: "#f3e5f5", stroke: "#8e24aa" },
  embed: { fill: "#e0f2f1", stroke: "#00897b" },
  head: { fill: "#fce4ec", stroke: "#d81b60" },
  io: { fill: "#ffffff", stroke: "#52606d" },
} as const satisfies Record<string, Palette>;

export const LABEL_SIZE = 12;
export const DETAIL_SIZE = 11;
const LAYER_H = 40;
const PILL_H = 24;
const EXPERT_W = 46;
const EXPERT_GAP = 8;

function palette(u: Unit): Palette {
  if (u.kind === "norm") return COLORS.norm;
  if (u.kind === "op") return COLORS.op;
  if (u.kind === "moe") return COLORS.moe;
  return u.attention === true ? COLORS.attention : COLORS.ffn;
}

const shown = (m: MoeInfo): number => Math.min(m.experts, 5);

function moeWidth(u: Unit): number {
  const m = u.moe as MoeInfo;
  const row =
    shown(m) * EXPERT_W +
    (shown(m) - 1) * EXPERT_GAP +
    (m.experts > 5 ? 20 : 0) +
    m.shared * (EXPERT_W + 16);
  return (
    Math.max(
      row,
      textWidth(u.label, LABEL_SIZE) * 1.05,
      textWidth(u.detail, DETAIL_SIZE),
      textWidth(`each ${m.expert} ${m.expertDetail}`, DETAIL_SIZE),
    ) + 28
  );
}

/** One centred line: a bold label followed by a lighter detail. */
export function inlineLabel(label: string, detail: string, cx: number, baseline: number): El {
  return el(
    "text",
    { x: cx, y: baseline, "text-anchor": "middle", "font-size": LABEL_SIZE, fill: "#1f2933" },
    el("tspan", { "font-weight": "bold" }, label),
    detail === ""
      ? undefined
      : el("tspan", { "font-size": DETAIL_SIZE, fill: "#52606d" }, `  ${detail}`),
  );
}

/** Width of an inline label. */
export function inlineWidth(label: string, detail: string): number {
  return (
    textWidth(label, LABEL_SIZE) * 1.08 +
    (detail === "" ? 0 : textWidth(`  ${detail}`, DETAIL_SIZE))
  );
}

/** Width and height of a unit's box. */
export function unitSize(u: Unit): { w: number; h: number } {
  if (u.kind === "moe" && u.moe !== undefined) return { w: moeWidth(u), h: 168 };
  const oneLine = u.kind === "norm" || u.kind === "op";
  const labelW = oneLine ? inlineWidth(u.label, u.detail) : textWidth(u.label, LABEL_SIZE) * 1.08;
  const w = Math.max(labelW, oneLine ? 0 : textWidth(u.detail, DETAIL_SIZE)) + (u.shared ? 60 : 26);
  return { w: Math.max(oneLine ? 44 : 150, w), h: oneLine ? PILL_H : LAYER_H };
}

/** The unit centred on `cx`, top at `y`, `w` wide (at least its own width). */
export function drawUnit(u: Unit, cx: number, y: number, w: number): El {
  const size = unitSize(u);
  if (u.kind === "moe" && u.moe !== undefined)
    return drawMoe(u, u.moe, cx, y, Math.max(w, size.w), size.h);
  const pal = palette(u);
  const badge = u.shared
    ? text(cx + w / 2 - 8, y + 14, "shared", {
        size: 9,
        anchor: "end",
        fill: pal.stroke,
        weight: "bold",
      })
    : undefined;
  if (u.kind === "norm" || u.kind === "op") {
    const bw = u.kind === "op" ? size.w : w;
    return group(
      rect(cx - bw / 2, y, bw, size.h, pal.fill, pal.stroke, u.kind === "norm" ? size.h / 2 : 4),
      inlineLabel(u.label, u.detail, cx, y + 16),
    );
  }
  return group(
    rect(cx - w / 2, y, w, size.h, pal.fill, pal.stroke),
    text(cx, y + 16, u.label, { size: LABEL_SIZE, weight: "bold" }),
    text(cx, y + 32, u.detail, { size: DETAIL_SIZE, fill: "#3e4c59" }),
    badge,
  );
}

function drawMoe(u: Unit, m: MoeInfo, cx: number, y: number, w: number, h: number): El {
  const pal = COLORS.moe;
  const n = shown(m);
  const gap = m.experts > 5 ? 20 : 0;
  const sharedW = m.shared * (EXPERT_W + 16);
  const rowW = n * EXPERT_W + (n - 1) * EXPERT_GAP + gap + sharedW;
  const routerW = Math.max(110, textWidth(`router ${m.router}`, DETAIL_SIZE) + 20);
  const routerY = y + 28;
  const rowY = y + 68;
  const sumY = y + 114;
  const xs = Array.from(
    { length: n },
    (_, i) => cx - rowW / 2 + EXPERT_W / 2 + i * (EXPERT_W + EXPERT_GAP) + (i === n - 1 ? gap : 0),
  );
  const names = xs.map((_, i) => (i === n - 1 ? `E${m.experts}` : `E${i + 1}`));
  const els: (El | undefined)[] = [
    rect(cx - w / 2, y, w, h, pal.fill, pal.stroke, 8),
    text(cx, y + 17, u.label, { size: LABEL_SIZE, weight: "bold" }),
    rect(cx - routerW / 2, routerY, routerW, 22, "#ffffff", pal.stroke, 4),
    text(cx, routerY + 15, m.router === "hash" ? "hash(token id)" : `router ${m.router}`, {
      size: DETAIL_SIZE,
    }),
  ];
  xs.forEach((x, i) => {
    els.push(
      line(cx, routerY + 22, x, rowY, pal.stroke, 1, i === 0 || i === n - 1 ? undefined : "3 2"),
    );
    els.push(rect(x - EXPERT_W / 2, rowY, EXPERT_W, 24, COLORS.ffn.fill, COLORS.ffn.stroke, 4));
    els.push(text(x, rowY + 16, names[i] ?? "", { size: DETAIL_SIZE, weight: "bold" }));
    els.push(line(x, rowY + 24, cx + (x - cx) * 0.1, sumY - 8, pal.stroke, 1.2));
  });
  for (let j = 0; j < m.shared; j++) {
    const x = cx + rowW / 2 - EXPERT_W / 2 - j * (EXPERT_W + 16);
    els.push(
      line(x, y + 24, x, rowY, COLORS.embed.stroke, 1.2),
      rect(x - EXPERT_W / 2, rowY, EXPERT_W, 24, COLORS.embed.fill, COLORS.embed.stroke, 4),
      text(x, rowY + 16, `S${j + 1}`, { size: DETAIL_SIZE, weight: "bold" }),
      text(x, rowY - 4, "shared", { size: 9, fill: COLORS.embed.stroke }),
      line(x, rowY + 24, cx + 9, sumY, COLORS.embed.stroke, 1.2),
    );
  }
  if (m.experts > 5)
    els.push(
      text((xs[n - 2] ?? cx) + EXPERT_W / 2 + (EXPERT_GAP + gap) / 2, rowY + 16, "…", {
        size: 14,
        weight: "bold",
      }),
    );
  els.push(
    el("circle", { cx, cy: sumY, r: 9, fill: "#ffffff", stroke: pal.stroke, "stroke-width": 1.2 }),
    text(cx, sumY + 4, "Σ", { size: 11, weight: "bold" }),
    text(cx + 14, sumY + 4, "g·E", { size: DETAIL_SIZE, anchor: "start", fill: "#52606d" }),
    text(cx, y + 142, `each ${m.expert} ${m.expertDetail}`, { size: DETAIL_SIZE, fill: "#3e4c59" }),
    text(cx, y + h - 10, u.detail, { size: DETAIL_SIZE, fill: "#3e4c59" }),
  );
  return group(...els);
}
