// Construct panels of a run report, drawn below the loss chart when a run has them:
//   • MoE expert load: for every `<layer>.load` statistic in metrics.jsonl (the fraction of the
//     batch's tokens each expert processed), one line per expert over the training steps;
//   • DenseFormer DWA weights: the learned α_{i,j} of the newest checkpoint as a heat map, one row
//     per DWA site i (after block i), one column per averaged output X_j (X_0 = the embedding).
import { openSync, readSync, closeSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { findLatestCheckpoint, readManifest } from "../checkpoint/index.ts";
import { TENSORS_FILE } from "../checkpoint/format.ts";
import type { MetricRecord, TrainRecord } from "../train/metrics.ts";
import { PALETTE, escapeXml, lineChartPanel, type Panel } from "./chart.ts";

export type { Panel } from "./chart.ts";

/** Per-expert load over the steps, one chart per MoE layer; `records`: the run's metrics.jsonl. */
export function loadPanels(dir: string, records: readonly MetricRecord[]): Panel[] {
  const train = records.filter(
    (r): r is TrainRecord => r.type === "train" && r.stats !== undefined,
  );
  const layers = [...new Set(train.flatMap((r) => Object.keys(r.stats!)))].filter((k) =>
    k.endsWith(".load"),
  );
  return layers.map((layer) => {
    const rows = train.filter((r) => r.stats![layer] !== undefined);
    const experts = Math.max(...rows.map((r) => r.stats![layer]!.length));
    const series = Array.from({ length: experts }, (_, e) => ({
      label: `expert ${e}`,
      color: PALETTE[e % PALETTE.length]!,
      dashed: e >= PALETTE.length,
      points: rows.map((r) => [r.step, r.stats![layer]![e] ?? NaN] as const),
    }));
    const title = `Expert load: ${layer.replace(/\.load$/, "")} (${basename(resolve(dir))})`;
    return lineChartPanel(series, {
      title,
      xLabel: "step",
      yLabel: "fraction of tokens",
      height: 360,
      clipSpikes: false, // fractions in [0, 1]: every value is real
    });
  });
}

/** The DWA weights of the newest checkpoint, by site: `dwa.<i>.weights` → values. */
export function readDwaWeights(dir: string): Map<number, number[]> {
  const out = new Map<number, number[]>();
  const ckpt = findLatestCheckpoint(dir);
  const manifest = ckpt === null ? null : readManifest(ckpt);
  if (ckpt === null || manifest === null) return out;
  const entries = manifest.tensors.filter(
    (t) => t.group === "param" && /^dwa\.\d+\.weights$/.test(t.name),
  );
  if (entries.length === 0) return out;
  const fd = openSync(join(ckpt, TENSORS_FILE), "r");
  try {
    for (const t of entries) {
      const buf = Buffer.alloc(t.length);
      readSync(fd, buf, 0, t.length, t.offset);
      const vals = Array.from({ length: t.length / 4 }, (_, i) => buf.readFloatLE(4 * i));
      out.set(Number(t.name.split(".")[1]), vals);
    }
  } finally {
    closeSync(fd);
  }
  return out;
}

/** The dilation k that gives every site i its ⌊i/k⌋ + 1 weights (1 when none fits). */
function dilationOf(sites: Map<number, number[]>): number {
  const last = Math.max(...sites.keys());
  for (let k = 1; k <= last; k++)
    if ([...sites].every(([i, w]) => w.length === Math.floor(i / k) + 1)) return k;
  return 1;
}

/** Blue (negative) – white (0) – red (positive), by |v| / max. */
function color(v: number, max: number): string {
  const t = Math.min(1, Math.abs(v) / (max || 1));
  const c = Math.round(255 * (1 - t));
  return v >= 0 ? `rgb(255,${c},${c})` : `rgb(${c},${c},255)`;
}

/** The DWA heat map of a run, or nothing when its model has no DWA weights. */
export function dwaPanels(dir: string): Panel[] {
  const sites = readDwaWeights(dir);
  if (sites.size === 0) return [];
  const k = dilationOf(sites);
  const L = Math.max(...sites.keys());
  const cell = Math.max(22, Math.min(48, Math.floor(640 / (L + 1))));
  const left = 90;
  const top = 60;
  const width = Math.max(640, left + (L + 1) * cell + 30);
  const height = top + sites.size * cell + 70;
  const max = Math.max(...[...sites.values()].flat().map(Math.abs));
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
    `<rect x="0" y="0" width="${width}" height="${height}" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="16">${escapeXml(`DWA weights α(i, j): ${basename(resolve(dir))}`)}</text>`,
    `<text x="${left + ((L + 1) * cell) / 2}" y="${top - 22}" text-anchor="middle">block output X_j (j = 0: embedding)</text>`,
  ];
  for (let j = 0; j <= L; j++)
    parts.push(
      `<text x="${left + j * cell + cell / 2}" y="${top - 6}" text-anchor="middle">${j}</text>`,
    );
  [...sites.keys()]
    .sort((a, b) => a - b)
    .forEach((i, row) => {
      const y = top + row * cell;
      parts.push(
        `<text x="${left - 8}" y="${y + cell / 2 + 4}" text-anchor="end">after block ${i}</text>`,
      );
      const w = sites.get(i)!;
      w.forEach((v, n) => {
        const j = (i % k) + n * k; // S_i = { j ≤ i : j ≡ i (mod k) }, ascending
        const x = left + j * cell;
        parts.push(
          `<rect x="${x}" y="${y}" width="${cell}" height="${cell}" fill="${color(v, max)}" stroke="#999"><title>α(${i}, ${j}) = ${v.toFixed(4)}</title></rect>`,
        );
        if (cell >= 30)
          parts.push(
            `<text x="${x + cell / 2}" y="${y + cell / 2 + 4}" text-anchor="middle" font-size="9">${v.toFixed(2)}</text>`,
          );
      });
    });
  parts.push(
    `<text x="${left}" y="${height - 34}" fill="#555">dilation ${k}; red positive, blue negative, white 0 (max |α| = ${max.toFixed(3)})</text>`,
    `<text x="${left}" y="${height - 16}" fill="#555">blank cells: outputs that site does not average</text>`,
  );
  parts.push("</svg>");
  return [{ svg: parts.join("\n") + "\n", width, height }];
}

/** Panels stacked in one SVG document (nested <svg> elements, one under the other). */
export function stackPanels(panels: readonly Panel[]): string {
  const width = Math.max(...panels.map((p) => p.width));
  const height = panels.reduce((s, p) => s + p.height, 0);
  let y = 0;
  const inner = panels.map((p) => {
    const out = p.svg.replace(/^<svg /, `<svg x="0" y="${y}" `);
    y += p.height;
    return out;
  });
  return `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">\n${inner.join("")}</svg>\n`;
}
