// Loss-curve reports: archcReport(runDirs, out) overlays the train loss (smoothed, the raw curve faint)
// and the validation loss of several runs in one SVG chart (an HTML page around it when `out` ends in .html).
// The training program writes <run>/report.svg at the end of every run; `archc report RUN...` calls this.
// Runs with MoE layers or DWA weights get more panels below the chart (./extras.ts).
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import {
  readMetrics,
  type EvalRecord,
  type GrowRecord,
  type MetricRecord,
  type TrainRecord,
} from "../train/metrics.ts";
import { writeFileAtomic } from "../run/rundir.ts";
import { RUN_INFO_FILE, runInfoPath } from "../run/info.ts";
import { PALETTE, escapeXml, lineChart, type Series } from "./chart.ts";
import { dwaPanels, loadPanels, stackPanels } from "./extras.ts";

/** Exponential moving average with bias correction (as TensorBoard's smoothing). */
export function smooth(values: readonly number[], alpha = 0.9): number[] {
  let avg = 0;
  return values.map((v, i) => {
    avg = alpha * avg + (1 - alpha) * v;
    return avg / (1 - Math.pow(alpha, i + 1));
  });
}

function runLabel(dir: string): string {
  try {
    const path = runInfoPath(dir);
    if (path === null) return basename(resolve(dir));
    const info = JSON.parse(readFileSync(path, "utf8")) as { model?: { name?: string } };
    const b = basename(resolve(dir));
    return info.model?.name !== undefined && !b.startsWith(info.model.name)
      ? `${info.model.name} (${b})`
      : b;
  } catch {
    return basename(resolve(dir));
  }
}

/** The records of a run's metrics.jsonl (none when it has no such file). */
export function runMetrics(dir: string): MetricRecord[] {
  return readMetrics(join(dir, "metrics.jsonl"));
}

/** The series of one run: its train loss (smoothed) and validation loss; `records` as runMetrics(dir) reads them. */
export function runSeries(
  dir: string,
  color: string,
  records: readonly MetricRecord[] = runMetrics(dir),
): Series[] {
  const train = records.filter(
    (r): r is TrainRecord => r.type === "train" && Number.isFinite(Number(r.loss)),
  );
  const evals = records.filter((r): r is EvalRecord => r.type === "eval");
  const label = runLabel(dir);
  const raw = train.map((r) => Number(r.loss));
  const sm = smooth(raw, raw.length < 200 ? 0.6 : 0.9);
  return [
    {
      label: `${label} train (raw)`,
      color,
      opacity: 0.25,
      hidden: true,
      points: train.map((r, i) => [r.step, raw[i]!] as const),
    },
    { label: `${label} train`, color, points: train.map((r, i) => [r.step, sm[i]!] as const) },
    {
      label: `${label} validation`,
      color,
      dashed: true,
      markers: true,
      points: evals.map((r) => [r.step, Number(r.valLoss)] as const),
    },
  ];
}

/** The growth events of the runs (metrics.jsonl `grow` records): `step 100: ffn 256 → 512 (120,576 → 186,624 params)`. */
export function growMarks(
  runs: readonly (readonly MetricRecord[])[],
): { x: number; label: string }[] {
  const n = (v: number): string => v.toLocaleString("en-US");
  const seen = new Set<string>();
  return runs
    .flat()
    .filter((r): r is GrowRecord => r.type === "grow")
    .map((r) => ({
      x: r.step,
      label: `${r.event.replace(/, masked over.*$/, "")} (${n(r.paramsBefore)} → ${n(r.paramsAfter)} params)`,
    }))
    .filter((mk) => !seen.has(`${mk.x} ${mk.label}`) && Boolean(seen.add(`${mk.x} ${mk.label}`)));
}

/** Writes one chart of every run's loss curves to `out` (.svg, or .html for a page). */
export async function archcReport(runDirs: readonly string[], out: string): Promise<void> {
  if (runDirs.length === 0)
    throw new RuntimeUserError("archc report needs at least one run directory.");
  for (const d of runDirs) {
    if (!existsSync(join(d, "metrics.jsonl")) && runInfoPath(d) === null) {
      throw new RuntimeUserError(
        `'${d}' is not a run directory (no metrics.jsonl or ${RUN_INFO_FILE}).`,
      );
    }
  }
  const records = runDirs.map(runMetrics); // each metrics.jsonl parsed once, for every panel
  const series = runDirs.flatMap((d, i) => runSeries(d, PALETTE[i % PALETTE.length]!, records[i]));
  const title =
    runDirs.length === 1 ? `Loss: ${runLabel(runDirs[0]!)}` : `Loss: ${runDirs.length} runs`;
  const svg = lineChart(series, {
    title,
    xLabel: "step",
    yLabel: "loss (nats per token)",
    marks: growMarks(records),
  });
  const extras = runDirs.flatMap((d, i) => [...loadPanels(d, records[i]!), ...dwaPanels(d)]);
  const page = [svg, ...extras.map((p) => p.svg)].join("");
  const file =
    extras.length === 0 ? svg : stackPanels([{ svg, width: 800, height: 480 }, ...extras]);
  const text = out.endsWith(".html")
    ? `<!DOCTYPE html>\n<html><head><meta charset="utf-8"><title>${escapeXml(title)}</title></head>\n<body>\n${page}</body></html>\n`
    : `<?xml version="1.0" encoding="UTF-8"?>\n${file}`;
  writeFileAtomic(out, text);
}
