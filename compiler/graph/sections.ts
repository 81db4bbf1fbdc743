// The block sections of the picture: consecutive structurally identical blocks fold into one
// section "× N"; a repeating cycle of different blocks (dense, MoE, dense, MoE) folds into one
// group section "× N" whose members are drawn inside it.
import type { Node } from "../ir/types.ts";
import { rangeName, type Part } from "../report/groups.ts";
import { formatShape } from "../ir/format-shape.ts";
import { pmodNote } from "./pmod.ts";
import { blockDiagram, type BlockDiagram, type StreamItem } from "./structure.ts";
import { formatParams, type Unit, type UnitContext } from "./units.ts";

export interface BlockSection {
  /** `blocks.0–11` */
  readonly name: string;
  readonly block: string;
  readonly count: number;
  /** `[B, T, 768] · 7.09 M params each` */
  readonly detail: string;
  readonly diagram: BlockDiagram;
  /** A group: one cycle of sections, repeated `count` times. */
  readonly members?: readonly BlockSection[];
}

/** Labels with their numbers blanked: instances differing only in a scale factor still fold. */
const shapeOf = (d: BlockDiagram): string =>
  JSON.stringify(d.items, (k, v: unknown) =>
    k === "nodes"
      ? undefined
      : k === "label" && typeof v === "string"
        ? v.replace(/[\d.]+/g, "#")
        : v,
  );

/** Merges the labels of folded instances: `× 1` … `× 0.408` where a factor varies per layer. */
function mergeItems(all: readonly BlockDiagram[]): BlockDiagram {
  const first = all[0] as BlockDiagram;
  const mergeUnit = (u: Unit, get: (d: BlockDiagram) => Unit | undefined): Unit => {
    const labels = [...new Set(all.map((d) => get(d)?.label ?? u.label))];
    return labels.length === 1
      ? u
      : {
          ...u,
          label: `${labels[0] ?? ""} … ${(labels[labels.length - 1] ?? "").replace(/^× /, "")}`,
        };
  };
  const items = first.items.map((it, i): StreamItem => {
    const at = (d: BlockDiagram): StreamItem | undefined => d.items[i];
    if (it.kind === "op")
      return {
        kind: "op",
        unit: mergeUnit(it.unit, (d) => {
          const o = at(d);
          return o?.kind === "op" ? o.unit : undefined;
        }),
      };
    const res = (d: BlockDiagram) => {
      const o = at(d);
      return o?.kind === "residual" ? o : undefined;
    };
    return {
      kind: "residual",
      placement: it.placement,
      skip: it.skip.map((u, j) => mergeUnit(u, (d) => res(d)?.skip[j])),
      shared: it.shared.map((u, j) => mergeUnit(u, (d) => res(d)?.shared[j])),
      lanes: it.lanes.map((lane, l) =>
        lane.map((u, j) => mergeUnit(u, (d) => res(d)?.lanes[l]?.[j])),
      ),
    };
  });
  return { items };
}

interface Run {
  readonly parts: Part[];
  readonly diagrams: BlockDiagram[];
  readonly sig: string;
}

function paramsUsed(nodes: readonly Node[], ctx: UnitContext): { all: number; shared: number } {
  let all = 0;
  let shared = 0;
  const seen = new Set<string>();
  for (const n of nodes) {
    for (const q of n.params) {
      const size = q.shape.reduce((x, y) => x * y, 1);
      all += size;
      if (ctx.sharedNames.has(q.name) && !seen.has(q.name)) shared += size;
      seen.add(q.name);
    }
  }
  return { all, shared };
}

function section(
  parts: readonly Part[],
  diagrams: readonly BlockDiagram[],
  ctx: UnitContext,
): BlockSection {
  const first = parts[0] as Part;
  const last = first.nodes[first.nodes.length - 1];
  const used = paramsUsed(first.nodes, ctx);
  const shared = used.shared > 0 ? ` (${formatParams(used.shared)} shared)` : "";
  return {
    name: rangeName(parts.map((p) => p.key)),
    block: first.block,
    count: parts.length,
    detail: `${last === undefined ? "" : formatShape(last.shape)} · ${formatParams(used.all)} params${parts.length > 1 ? " each" : ""}${shared}${pmodNote(first.nodes, ctx)}`,
    diagram: mergeItems(diagrams),
  };
}

/** The smallest cycle (2–4 runs of one block each) starting at `i` that repeats at least twice. */
function cycleAt(runs: readonly Run[], i: number): { period: number; repeats: number } | undefined {
  for (let period = 2; period <= 4; period++) {
    let repeats = 1;
    const same = (a: number, b: number): boolean =>
      runs[a]?.sig === runs[b]?.sig && runs[a]?.parts.length === 1 && runs[b]?.parts.length === 1;
    while (
      Array.from({ length: period }, (_, k) => k).every((k) =>
        same(i + k, i + repeats * period + k),
      )
    )
      repeats++;
    const distinct = new Set(runs.slice(i, i + period).map((r) => r.sig)).size === period;
    if (repeats >= 2 && distinct) return { period, repeats };
  }
  return undefined;
}

export function blockSections(blockParts: readonly Part[], ctx: UnitContext): BlockSection[] {
  const runs: Run[] = [];
  for (const p of blockParts) {
    const d = blockDiagram(p, ctx);
    const sig = `${p.block}|${shapeOf(d)}`;
    const last = runs[runs.length - 1];
    if (last !== undefined && last.sig === sig) {
      last.parts.push(p);
      last.diagrams.push(d);
    } else {
      runs.push({ parts: [p], diagrams: [d], sig });
    }
  }
  const sections: BlockSection[] = [];
  for (let i = 0; i < runs.length;) {
    const cycle = cycleAt(runs, i);
    if (cycle === undefined) {
      const r = runs[i] as Run;
      sections.push(section(r.parts, r.diagrams, ctx));
      i++;
      continue;
    }
    const members = Array.from({ length: cycle.period }, (_, k) => {
      const rs = Array.from(
        { length: cycle.repeats },
        (_, r) => runs[i + r * cycle.period + k] as Run,
      );
      return section(
        rs.flatMap((r) => r.parts),
        rs.flatMap((r) => r.diagrams),
        ctx,
      );
    });
    const keys = runs
      .slice(i, i + cycle.period * cycle.repeats)
      .flatMap((r) => r.parts.map((p) => p.key));
    sections.push({
      name: rangeName(keys),
      block:
        new Set(members.map((m) => m.block)).size === members.length
          ? members.map((m) => m.block).join(" → ")
          : `${members.length} alternating layers`,
      count: cycle.repeats,
      detail: `${cycle.period} different blocks, repeated`,
      diagram: { items: [] },
      members,
    });
    i += cycle.period * cycle.repeats;
  }
  return sections;
}
