// The metric panels of a report, one home for what is drawn: loss (train smoothed over the raw
// curve, validation dashed with markers), learning rate, gradient norm and tokens per second, each
// from the `train`/`eval` records of metrics.jsonl, several runs overlaid by colour. The static SVG
// (./report.ts) and the interactive page (./html.ts) draw the same PanelData.
import type { EvalRecord, MetricRecord, TrainRecord } from "../train/metrics.ts";
import type { Series } from "./chart.ts";
import { smooth } from "./client/ema.js";

/** A series of a panel; `smoothOf`: this series is the smoothed curve of series `smoothOf` of the panel. */
export interface PanelSeries extends Series {
  readonly smoothOf?: number;
}

export interface PanelData {
  /** Stable id (`loss`, `lr`, `gradNorm`, `tokensPerSec`). */
  readonly id: string;
  readonly title: string;
  readonly yLabel: string;
  readonly series: readonly PanelSeries[];
  /** Smoothing weight of the smoothed curves (the interactive page's slider starts there). */
  readonly alpha: number;
  readonly marks: readonly { readonly x: number; readonly label: string }[];
}

/** One run to draw: its label, colour and metrics.jsonl records. */
export interface RunData {
  readonly label: string;
  readonly color: string;
  readonly records: readonly MetricRecord[];
}

type TrainKey = "loss" | "lr" | "gradNorm" | "tokensPerSec";
const METRICS: readonly { key: TrainKey; title: string; yLabel: string; smooth: boolean }[] = [
  { key: "loss", title: "Loss", yLabel: "loss (nats per token)", smooth: true },
  { key: "lr", title: "Learning rate", yLabel: "learning rate", smooth: false },
  { key: "gradNorm", title: "Gradient norm", yLabel: "‖g‖₂ (before clipping)", smooth: true },
  { key: "tokensPerSec", title: "Throughput", yLabel: "tokens per second", smooth: true },
];

/** The smoothing weight for a curve of n points: light for short runs, TensorBoard's 0.9 for long ones. */
export const defaultAlpha = (n: number): number => (n < 200 ? 0.6 : 0.9);

const trainOf = (records: readonly MetricRecord[], key: TrainKey): TrainRecord[] =>
  records.filter((r): r is TrainRecord => r.type === "train" && Number.isFinite(Number(r[key])));

/** The series of one run in the panel of `key`: raw (faint, no legend entry) and smoothed, or the raw line alone. */
export function metricSeries(
  run: RunData,
  key: TrainKey,
  offset = 0,
  alpha?: number,
): PanelSeries[] {
  const train = trainOf(run.records, key);
  const raw = train.map((r) => Number(r[key]));
  const points = (vs: readonly number[]) => train.map((r, i) => [r.step, vs[i]!] as const);
  const spec = METRICS.find((m) => m.key === key)!;
  const name = key === "loss" ? `${run.label} train` : run.label;
  if (!spec.smooth) return [{ label: name, color: run.color, points: points(raw) }];
  const sm = smooth(raw, alpha ?? defaultAlpha(raw.length));
  return [
    { label: `${name} (raw)`, color: run.color, opacity: 0.25, hidden: true, points: points(raw) },
    { label: name, color: run.color, smoothOf: offset, derived: true, points: points(sm) },
  ];
}

/** The validation loss of a run (dashed, with markers). */
export function validationSeries(run: RunData): PanelSeries {
  const evals = run.records.filter((r): r is EvalRecord => r.type === "eval");
  return {
    label: `${run.label} validation`,
    color: run.color,
    dashed: true,
    markers: true,
    points: evals.map((r) => [r.step, Number(r.valLoss)] as const),
  };
}

/** Every metric panel of the runs; a panel none of them logged is left out (loss always stays). */
export function metricPanels(
  runs: readonly RunData[],
  marks: PanelData["marks"] = [],
  titleSuffix = "",
): PanelData[] {
  const longest = Math.max(0, ...runs.map((r) => trainOf(r.records, "loss").length));
  const alpha = defaultAlpha(longest);
  return METRICS.map((m) => {
    const series: PanelSeries[] = [];
    for (const run of runs) {
      series.push(...metricSeries(run, m.key, series.length, alpha));
      if (m.key === "loss") series.push(validationSeries(run));
    }
    return {
      id: m.key,
      title: `${m.title}${titleSuffix}`,
      yLabel: m.yLabel,
      series,
      alpha,
      marks,
    };
  }).filter((p) => p.id === "loss" || p.series.some((s) => s.points.length > 0));
}
