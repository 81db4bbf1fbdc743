// Prints a Report as an aligned text table (`archc check --report`) or as JSON (`--json`).
import { exitLines } from "./exits.ts";
import { formatBytes, type MemoryEstimate } from "./memory.ts";
import type { Figures, Report } from "./report.ts";
import type { PmodLayerRow } from "./pmod.ts";

/** 124439808 → "124,439,808" (fractions from MoE shares are rounded). */
export function formatCount(n: number): string {
  return Math.round(n).toLocaleString("en-US");
}

/** 1.7e8 → "170 M"; three significant digits with an SI prefix. */
export function formatFlops(n: number): string {
  const prefixes = ["", "k", "M", "G", "T", "P", "E"];
  let v = n;
  let p = 0;
  while (Math.abs(v) >= 1000 && p < prefixes.length - 1) {
    v /= 1000;
    p++;
  }
  const digits =
    p === 0
      ? String(Math.round(v))
      : v >= 100
        ? v.toFixed(0)
        : v >= 10
          ? v.toFixed(1)
          : v.toFixed(2);
  return `${digits} ${prefixes[p] ?? ""}`.trimEnd();
}

type Align = "l" | "r";

/** Model-level parts, printed without a block name. */
const SECTIONS = new Set(["embed", "dwa", "scalar_mix", "norm", "head"]);

/** Pads every column to its widest cell; `null` rows become rules of ─. */
export function table(
  header: readonly string[],
  align: readonly Align[],
  rows: readonly (readonly string[] | null)[],
): string {
  const all = [header, ...rows.filter((r): r is readonly string[] => r !== null)];
  const widths = header.map((_, c) => Math.max(...all.map((r) => (r[c] ?? "").length)));
  const line = (r: readonly string[]): string =>
    r
      .map((cell, c) =>
        align[c] === "r" ? cell.padStart(widths[c] ?? 0) : cell.padEnd(widths[c] ?? 0),
      )
      .join("  ")
      .trimEnd();
  const rule = "─".repeat(widths.reduce((a, b) => a + b, 0) + 2 * (widths.length - 1));
  return [line(header), rule, ...rows.map((r) => (r === null ? rule : line(r)))].join("\n");
}

function memoryLines(m: MemoryEstimate): string[] {
  const rows: [string, number, string][] = [
    ["weights", m.weights, "4 B × params"],
    ["gradients", m.gradients, "4 B × params"],
    ["AdamW m, v", m.adam, "2 × 4 B × params"],
    [
      "activations",
      m.activations,
      `4 B × B·(T·Σ node outputs + 2·heads·${m.memorySlots ? "T·(T + memory)" : "T²"} per attention + T·vocab)`,
    ],
  ];
  const body = table(
    ["", "bytes", "", "formula"],
    ["l", "r", "r", "l"],
    [
      ...rows.map(([k, v, f]) => [k, formatCount(v), formatBytes(v), f]),
      null,
      ["total", formatCount(m.total), formatBytes(m.total), ""],
    ],
  );
  return [`Training memory at batch ${m.batch} × context ${m.context} (float32):`, body];
}

/** One grow event: `before → after` for params, forward FLOPs and (with a batch) memory. */
function growLines(r: Report): string[] {
  const events = r.grow ?? [];
  const withMemory = events.every(
    (e) => e.before.memory !== undefined && e.after.memory !== undefined,
  );
  const pair = (a: string, b: string): string[] => [a, "→", b];
  const rows = events.map((e) => [
    `step ${e.step}: ${e.event}`,
    ...pair(formatCount(e.before.params), formatCount(e.after.params)),
    ...pair(formatFlops(e.before.forwardFlops), formatFlops(e.after.forwardFlops)),
    ...(withMemory
      ? pair(formatBytes(e.before.memory?.total ?? 0), formatBytes(e.after.memory?.total ?? 0))
      : []),
  ]);
  const header = [
    "event",
    "params",
    "",
    "",
    "fwd FLOPs/tok",
    "",
    "",
    ...(withMemory ? ["train memory", "", ""] : []),
  ];
  const align: Align[] = [
    "l",
    "r",
    "l",
    "r",
    "r",
    "l",
    "r",
    ...(withMemory ? (["r", "l", "r"] as Align[]) : []),
  ];
  return [
    "",
    "Grow schedule (the whole model before → after each event):",
    table(header, align, rows),
  ];
}

/** The human-readable report. */
export function formatReport(r: Report): string {
  const out: string[] = [`${r.model} (${r.source}): static report at context T = ${r.context}`, ""];
  const showActive = r.totals.activeParams !== r.totals.params;
  const header = [
    "block",
    "×",
    "output",
    "params",
    ...(showActive ? ["active"] : []),
    "fwd FLOPs/tok",
    "train FLOPs/tok",
  ];
  const align: Align[] = ["l", "r", "l", "r", ...(showActive ? (["r"] as Align[]) : []), "r", "r"];
  const cells = (f: Figures): string[] => [
    formatCount(f.params),
    ...(showActive ? [formatCount(f.activeParams)] : []),
    formatFlops(f.forwardFlops),
    formatFlops(f.trainFlops),
  ];
  const rows = r.rows.map((row) => {
    const name = SECTIONS.has(row.name) ? row.name : `${row.name} (${row.block})`;
    return [
      `${name}${row.tied === true ? " (tied)" : ""}`,
      String(row.count),
      row.outputShape,
      ...cells(row),
    ];
  });
  out.push(table(header, align, [...rows, null, ["total", "", "", ...cells(r.totals)]]));
  if (r.rows.some((row) => row.count > 1 && row.name !== "dwa")) {
    out.push("", "Folded rows (× N > 1) show the sum over their N instances.");
  }
  if (r.training !== undefined) {
    const t = r.training;
    out.push(
      `Training FLOPs per step: ${formatFlops(t.flopsPerStep)} (train FLOPs/tok × batch ${t.batch} × context ${r.context}).`,
    );
    out.push("", ...memoryLines(t.memory));
  }
  if (r.grow !== undefined) out.push(...growLines(r));
  if (r.exits !== undefined) out.push(...exitLines(r.exits));
  if (r.pmod !== undefined) out.push("", ...pmodLines(r.pmod, r.context));
  if (r.hashRouting !== undefined) {
    const h = r.hashRouting;
    const how =
      h.table === "frequency"
        ? `balanced over token frequencies (greedy, seeded), from ${h.basis}`
        : `balanced over token ids (seeded): ${h.basis}`;
    const layers = `${h.layers} layer${h.layers === 1 ? "" : "s"}`;
    out.push("", `Hash routing (${layers}): tables ${how}; recorded in each checkpoint.`);
  }
  out.push(
    "",
    "FLOPs: a multiply-add is 2; attention scores and values over all T keys (no causal halving);",
    "training = 3 × forward for matmuls, 2 × for element-wise ops (compiler/report/flops.ts).",
  );
  return `${out.join("\n")}\n`;
}

/** The JSON form: the Report itself, numbers unrounded. */
export function reportJson(r: Report): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}

/** p-MoD's layers: keep ratio, kept tokens and forward FLOPs per token, as run and dense. */
function pmodLines(rows: readonly PmodLayerRow[], T: number): string[] {
  const body = rows.map((l) => [
    l.instance,
    l.ratio === undefined ? "dense" : l.ratio.toFixed(3),
    `${l.kept}/${T}`,
    formatFlops(l.forwardFlops),
    formatFlops(l.denseFlops),
  ]);
  const run = rows.reduce((a, l) => a + l.forwardFlops, 0);
  const dense = rows.reduce((a, l) => a + l.denseFlops, 0);
  return [
    `p-MoD layers (active forward FLOPs per token at T = ${T}: ${((100 * run) / dense).toFixed(1)}% of dense):`,
    table(
      ["layer", "keep ρ", "kept", "active fwd FLOPs/tok", "dense fwd FLOPs/tok"],
      ["l", "r", "r", "r", "r"],
      body,
    ),
  ];
}
