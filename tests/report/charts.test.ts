// The run report's charts: spikes left out of the y-range (and only spikes), the SVG chart's
// clipped-spike markers, legend under the plot and clip paths, the metric panels read from
// metrics.jsonl records, and the interactive page (uPlot inlined, nothing fetched), which a real
// headless browser renders into one uPlot chart per panel when chromium is installed.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { lineChartPanel } from "../../runtime/report/chart.ts";
import { smooth } from "../../runtime/report/client/ema.js";
import { stackPanels } from "../../runtime/report/extras.ts";
import { interactivePage } from "../../runtime/report/html.ts";
import { metricPanels, type RunData } from "../../runtime/report/panels.ts";
import { svgPanel } from "../../runtime/report/report.ts";
import { paddedRange, robustRange, spikes } from "../../runtime/report/robust.ts";
import type { MetricRecord } from "../../runtime/train/metrics.ts";

const noisy = (n: number, f: (i: number) => number): number[] =>
  Array.from({ length: n }, (_, i) => f(i) + 0.05 * Math.sin(i * 12.9898));

/** A run of 120 steps whose gradient norm has one spike (300 at step 60). */
function run(label: string, color: string, withGrad = true): RunData {
  const records: MetricRecord[] = [];
  for (let step = 1; step <= 120; step++)
    records.push({
      type: "train",
      step,
      loss: 2 + 3 * Math.exp(-step / 30) + 0.05 * Math.sin(step),
      ce: 0,
      lr: 1e-3,
      gradNorm: withGrad ? (step === 60 ? 300 : 1 + 0.1 * Math.cos(step)) : NaN,
      tokensPerSec: 4000 + 100 * Math.sin(step),
      elapsed: step,
    });
  records.push({
    type: "eval",
    step: 120,
    valLoss: 2.2,
    valBpb: 3,
    valBitsPerToken: 3.2,
    elapsed: 121,
  });
  return { label, color, records };
}

describe("robust y-range", () => {
  it("finds an isolated spike and nothing else", () => {
    const flat = noisy(60, () => 1);
    flat[30] = 50;
    flat[40] = -40;
    const s = spikes(flat);
    expect(s.flatMap((b, i) => (b ? [i] : []))).toEqual([30, 40]);
    // a falling loss, a warm-up ramp and a level shift are trends, not spikes
    expect(spikes(noisy(100, (i) => 10 * Math.exp(-i / 10))).some(Boolean)).toBe(false);
    expect(spikes(noisy(100, (i) => Math.min(i, 30))).some(Boolean)).toBe(false);
    expect(spikes(noisy(100, (i) => (i < 50 ? 1 : 5))).some(Boolean)).toBe(false);
    // the ends have no two-sided neighbourhood; too short a series has no spikes
    const end = noisy(40, () => 1);
    end[2] = 100;
    expect(spikes(end)[2]).toBe(false);
    expect(spikes([1, 1, 100, 1, 1]).some(Boolean)).toBe(false);
  });

  it("keeps the curve's own range when a spike is left out, padded by 5%", () => {
    const ys = noisy(60, () => 1);
    ys[30] = 1000;
    const [lo, hi] = robustRange([ys])!;
    expect(hi).toBeLessThan(1.2);
    expect(lo).toBeGreaterThan(0.8);
    expect(paddedRange([1, 3])).toEqual([0.9, 3.1]);
    expect(paddedRange([2, 2])).toEqual([1.78, 2.22]);
    expect(paddedRange([NaN])).toBeNull();
  });

  it("smooths with a bias-corrected EMA that skips gaps (alpha 0: the values)", () => {
    expect(smooth([1, 2, 3], 0)).toEqual([1, 2, 3]);
    expect(smooth([4, null, 4], 0.9)).toEqual([4, null, 4]);
    const s = smooth([0, 10], 0.5);
    expect(s[1]).toBeCloseTo(10 * (0.5 / 0.75), 10); // (0.25·0 + 0.5·10) / (1 − 0.5²)
  });
});

describe("the static chart", () => {
  const ys = noisy(60, () => 1);
  ys[30] = 1000;
  const measured = { label: "raw", color: "#111", points: ys.map((y, i) => [i, y] as const) };
  const sm = smooth(ys, 0.9);
  const derived = {
    label: "smoothed",
    color: "#222",
    derived: true,
    points: sm.map((y, i) => [i, y] as const),
  };

  it("marks the clipped spike, says so under the title and cuts lines at the plot", () => {
    const { svg } = lineChartPanel([measured, derived], { title: "T", xLabel: "x", yLabel: "y" });
    expect(svg.match(/<polygon /g)).toHaveLength(1); // the smoothed curve leaves too, unmarked
    expect(svg).toContain("<title>step 30: 1000 (outside the range)</title>");
    expect(svg).toContain("spikes clipped (▲▼): 1 above (up to 1000)");
    const clip = /<clipPath id="([^"]+)">/.exec(svg)![1]!;
    expect(svg.match(new RegExp(`clip-path="url\\(#${clip}\\)"`, "g"))).toHaveLength(2);
    const off = lineChartPanel([measured], {
      title: "T",
      xLabel: "x",
      yLabel: "y",
      clipSpikes: false,
    });
    expect(off.svg).not.toContain("<polygon ");
  });

  it("puts the legend below the plot, in rows that fit the width", () => {
    const many = Array.from({ length: 12 }, (_, i) => ({
      label: `a rather long series label ${i}`,
      color: "#333",
      points: [[0, i] as const, [1, i + 1] as const],
    }));
    const p = lineChartPanel(many, { title: "T", xLabel: "x", yLabel: "y", height: 300 });
    const plotBottom = 300 - 50;
    const legendYs = [...p.svg.matchAll(/<text x="(\d+(?:\.\d+)?)" y="(\d+(?:\.\d+)?)">a rather/g)];
    expect(legendYs).toHaveLength(12);
    for (const [, x, y] of legendYs) {
      expect(Number(y)).toBeGreaterThan(plotBottom);
      expect(Number(x)).toBeLessThan(800);
    }
    expect(p.height).toBeGreaterThan(300 + 18 * 2); // several legend rows below the 300 of the chart
  });
});

describe("metric panels", () => {
  it("draws loss, lr, gradient norm and tokens/s; leaves out a metric no run logged", () => {
    const panels = metricPanels([run("A", "#1f77b4"), run("B", "#d62728")]);
    expect(panels.map((p) => p.id)).toEqual(["loss", "lr", "gradNorm", "tokensPerSec"]);
    const loss = panels[0]!;
    expect(loss.series.map((s) => s.label)).toEqual([
      "A train (raw)",
      "A train",
      "A validation",
      "B train (raw)",
      "B train",
      "B validation",
    ]);
    expect(loss.series[1]!.smoothOf).toBe(0);
    expect(loss.series[4]!.smoothOf).toBe(3);
    expect(panels[1]!.series.map((s) => s.label)).toEqual(["A", "B"]); // lr is not smoothed
    const noGrad = metricPanels([run("A", "#1f77b4", false)]);
    expect(noGrad.map((p) => p.id)).toEqual(["loss", "lr", "tokensPerSec"]);
  });

  it("keeps the gradient-norm spike out of the range, in the SVG and in the page", () => {
    const grad = metricPanels([run("A", "#1f77b4")]).find((p) => p.id === "gradNorm")!;
    const svg = svgPanel(grad).svg;
    expect(svg).toContain("spikes clipped (▲▼): 1 above (up to 300)");
    const page = interactivePage({ title: "t", panels: [grad] });
    const json = /const ARCHC_PANELS = (.*);<\/script>/.exec(page)![1]!;
    const [data] = JSON.parse(json) as { range: { robust: number[]; full: number[] } }[];
    expect(data!.range.robust[1]).toBeLessThan(2);
    expect(data!.range.full[1]).toBeGreaterThan(300);
  });

  it("stacks the panels with a distinct clip path each", () => {
    const svg = stackPanels(metricPanels([run("A", "#1f77b4")]).map(svgPanel));
    const ids = [...svg.matchAll(/<clipPath id="([^"]+)"/g)].map((m) => m[1]);
    expect(ids).toHaveLength(4);
    expect(new Set(ids).size).toBe(4);
  });
});

describe("the interactive page", () => {
  const page = interactivePage({
    title: "Report <x>",
    panels: metricPanels([run("A", "#1f77b4"), run("B", "#d62728")]),
    after: "<div>after</div>",
  });

  it("is one self-contained file: uPlot and its CSS inlined, nothing fetched", () => {
    expect(page).toMatch(/^<!DOCTYPE html>/);
    expect(page).toContain("<title>Report &lt;x&gt;</title>");
    expect(page).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/[^"\s]*\.(js|css)/);
    expect(page).toContain(".uplot"); // the library's stylesheet
    expect(page).toMatch(/var uPlot\s*=|uPlot=/); // the library itself
    for (const id of ["ctl-alpha", "ctl-log", "ctl-clip"]) expect(page).toContain(`id="${id}"`);
  });

  const chromium = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));
  it.skipIf(chromium === undefined)(
    "renders one uPlot chart per panel in a headless browser, in linear and log scale",
    () => {
      const dir = mkdtempSync(join(tmpdir(), "archc-charts-"));
      const file = join(dir, "r.html");
      writeFileSync(file, page);
      for (const hash of ["", "#log&noclip&alpha=0.3"]) {
        const r = spawnSync(
          chromium!,
          [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--virtual-time-budget=3000",
            "--dump-dom",
            `file://${file}${hash}`,
          ],
          { encoding: "utf8", timeout: 90_000 },
        );
        expect(r.status, r.stderr).toBe(0);
        expect(r.stdout.match(/class="uplot/g)).toHaveLength(4);
        expect(r.stdout).toContain("A train (raw)");
        expect(r.stdout).toContain("<div>after</div>");
        expect(r.stdout).toContain(`id="ctl-alpha-value">${hash === "" ? "0.6" : "0.3"}<`);
      }
    },
    200_000,
  );
});
