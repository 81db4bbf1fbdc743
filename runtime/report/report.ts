// Run reports: archcReport(runDirs, out) draws the metric panels of one or more runs overlaid
// (./panels.ts: loss, learning rate, gradient norm, tokens per second), then the construct panels
// (./extras.ts: per-expert load, DWA weights). `out` ending in .svg gets one static SVG (the
// training program writes <run>/report.svg at the end of every run); .html gets the interactive
// page (./html.ts), which `archc report RUN...` writes by default.
import { existsSync, readFileSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { RuntimeUserError } from "../errors.ts";
import { readMetrics, type GrowRecord, type MetricRecord } from "../train/metrics.ts";
import { writeFileAtomic } from "../run/rundir.ts";
import { RUN_INFO_FILE, runInfoPath } from "../run/info.ts";
import { PALETTE, lineChartPanel, type Panel } from "./chart.ts";
import { smooth } from "./client/ema.js";
import { dwaPanels, loadPanels, stackPanels } from "./extras.ts";
import { interactivePage } from "./html.ts";
import { metricPanels, type PanelData, type RunData } from "./panels.ts";

export { smooth };

/** The name a run is shown by: its model's name and its folder. */
export function runLabel(dir: string): string {
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

/** A metric panel as a static SVG chart (the loss chart tall, the others shorter). */
export function svgPanel(p: PanelData): Panel {
  return lineChartPanel(p.series, {
    title: p.title,
    xLabel: "step",
    yLabel: p.yLabel,
    marks: p.marks,
    height: p.id === "loss" ? 480 : 300,
  });
}

/** Writes the report of every run to `out` (.svg, or .html for the interactive page). */
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
  const runs: RunData[] = runDirs.map((d, i) => ({
    label: runLabel(d),
    color: PALETTE[i % PALETTE.length]!,
    records: records[i]!,
  }));
  const suffix = runDirs.length === 1 ? `: ${runs[0]!.label}` : `: ${runDirs.length} runs`;
  const panels = metricPanels(runs, growMarks(records), suffix);
  const extras = runDirs.flatMap((d, i) => [...loadPanels(d, records[i]!), ...dwaPanels(d)]);
  const text = /\.html$/i.test(out)
    ? interactivePage({
        title: `Report${suffix}`,
        panels,
        after: extras.map((p) => `<div class="panel">${p.svg}</div>`).join("\n"),
      })
    : `<?xml version="1.0" encoding="UTF-8"?>\n${stackPanels([...panels.map(svgPanel), ...extras])}`;
  writeFileAtomic(out, text);
}
