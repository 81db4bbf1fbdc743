// The `archc compare` report: one interactive HTML page (runtime/report/html.ts) with the protocol,
// a results table, the metric panels of every variant overlaid (loss, learning rate, gradient
// norm, tokens per second) and the hidden-state norm per layer as SVG.
import { PALETTE, escapeXml, lineChart, type Series } from "../../runtime/report/chart.ts";
import { interactivePage } from "../../runtime/report/html.ts";
import { metricPanels } from "../../runtime/report/panels.ts";
import { runMetrics } from "../../runtime/report/report.ts";
import type { Budget } from "./budget.ts";
import type { VariantResult } from "./variant.ts";

const f4 = (v: number): string => (Number.isFinite(v) ? v.toFixed(4) : "–");
const f2 = (v: number): string => (Number.isFinite(v) ? v.toFixed(2) : "–");

/** ‖x_L‖ / ‖x_1‖: the growth of the residual stream's norm from the first block to the last. */
export function normGrowth(r: VariantResult): number {
  const n = r.hiddenNorms;
  return n.length === 0 ? NaN : n[n.length - 1]! / n[0]!;
}

/** The results as a Markdown table (printed by the command, pasted into docs/experiments.md). */
export function markdownTable(results: readonly VariantResult[]): string {
  const rows = [
    "| variant | params | final train loss | val loss | val bpb | ‖x‖ block 1 | ‖x‖ last block | growth last/first | time (s) |",
    "|---|---:|---:|---:|---:|---:|---:|---:|---:|",
    ...results.map((r) => {
      const n = r.hiddenNorms;
      return `| ${r.label} | ${r.params.toLocaleString("en-US")} | ${f4(r.finalTrainLoss)} | ${f4(r.valLoss)} | ${f4(r.valBpb)} | ${f2(n[0] ?? NaN)} | ${f2(n[n.length - 1] ?? NaN)} | ${f2(normGrowth(r))}× | ${r.seconds.toFixed(0)} |`;
    }),
  ];
  return rows.join("\n") + "\n";
}

/** Mean ‖x_ℓ‖ after each block ℓ, one line per variant. */
function normChart(results: readonly VariantResult[]): string {
  const series: Series[] = results.map((r, i) => ({
    label: r.label,
    color: PALETTE[i % PALETTE.length]!,
    markers: true,
    points: r.hiddenNorms.map((v, l) => [l + 1, v] as const),
  }));
  return lineChart(series, {
    title: "Hidden-state norm per layer (validation batch, final weights)",
    xLabel: "block ℓ (residual stream after it)",
    yLabel: "mean ‖x_ℓ‖₂ per token",
    clipSpikes: false, // a profile over the layers, not a noisy series: every value is drawn
  });
}

export function comparePage(
  results: readonly VariantResult[],
  budget: Budget,
  command: string,
): string {
  const rows = results
    .map((r) => {
      const n = r.hiddenNorms;
      const cells = [
        escapeXml(r.label),
        escapeXml(r.model),
        r.params.toLocaleString("en-US"),
        f4(r.finalTrainLoss),
        f4(r.valLoss),
        f4(r.valBpb),
        n.map(f2).join(" → "),
        `${f2(normGrowth(r))}×`,
        escapeXml(r.schedule),
        r.status === 0 ? `${r.seconds.toFixed(0)} s` : `failed (exit ${r.status})`,
      ];
      return `<tr>${cells.map((c) => `<td>${c}</td>`).join("")}</tr>`;
    })
    .join("\n");
  const head = [
    "variant",
    "model",
    "params",
    "final train loss",
    "val loss",
    "val bpb",
    "‖x_ℓ‖ per block",
    "growth",
    "schedule",
    "time",
  ];
  const intro = `<h1>archc compare: ${results.length} variants</h1>
<p><code>${escapeXml(command)}</code></p>
<p>Fixed-budget protocol (No Train No Gain): every variant trains ${budget.steps} steps of batch ${budget.batch} with seed ${budget.seed} (same data order)${budget.backend === undefined ? "" : ` on the ${escapeXml(budget.backend)} backend`}; each schedule decays fully by the last step (warm-up scaled to the budget). Validation loss at step ${budget.steps}; hidden-state norms on one validation batch with the final weights.</p>
<div class="scroll"><table><tr>${head.map((h) => `<th>${h}</th>`).join("")}</tr>
${rows}
</table></div>`;
  const runs = results.map((r, i) => ({
    label: r.label,
    color: PALETTE[i % PALETTE.length]!,
    records: runMetrics(r.runDir),
  }));
  return interactivePage({
    title: "archc compare",
    intro,
    panels: metricPanels(runs, [], ", equal budget"),
    after: `<div class="panel">${normChart(results)}</div>`,
  });
}
