// The static report against hand formulas: GPT-2 small parameters and FLOPs, the memory estimate,
// MoE active parameters, folding of identical blocks, and the grow schedule's figures.
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { graphParamCount } from "../../compiler/ir/param-count.ts";
import {
  activationValuesPerSequence,
  formatBytes,
  memoryEstimate,
} from "../../compiler/report/memory.ts";
import { programReport } from "../../compiler/report/index.ts";
import { buildReport } from "../../compiler/report/report.ts";
import { handGpt } from "./hand-ir.ts";

function program(file: string) {
  const r = analyzeFile(file);
  if (r.program === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return r.program;
}

describe("GPT-2 small", () => {
  const p = program("examples/gpt2-small.arch");
  const report = programReport(p);
  const [V, d, h, L, T] = [50_257, 768, 12, 12, 1024];

  it("totals 124,439,808 parameters, as the hand formula in the example's header", () => {
    const embed = V * d + T * d;
    const layer = 4 * d * d + 4 * d + (2 * d * 4 * d + 4 * d + d) + 2 * 2 * d;
    expect(report.totals.params).toBe(embed + L * layer + 2 * d);
    expect(report.totals.params).toBe(124_439_808);
    expect(report.totals.params).toBe(graphParamCount(p.graph));
  });

  it("folds the 12 identical layers into one row", () => {
    expect(report.rows.map((r) => [r.name, r.count])).toEqual([
      ["embed", 1],
      ["blocks.0–11", 12],
      ["norm", 1],
      ["head", 1],
    ]);
    expect(report.rows[1]?.each.params).toBe(7_087_872);
    expect(report.rows[3]?.tied).toBe(true);
  });

  it("forward FLOPs per token follow the stated conventions", () => {
    const linears = 2 * (4 * d * d) + 2 * (2 * d * 4 * d);
    const attention = 4 * T * d + 5 * h * T;
    const elementwise = 2 * 7 * d + 8 * 4 * d + 2 * d; // two LayerNorms, GELU, two residual adds
    const perLayer = linears + attention + elementwise;
    const expected =
      d /* tok + pos add */ + L * perLayer + 7 * d /* final norm */ + 2 * d * V; /* tied head */
    expect(report.totals.forwardFlops).toBe(expected);
    // training ≈ 3× forward for the matmuls, 2× for element-wise ops, plus embedding scatter-adds
    expect(report.totals.trainFlops).toBe(
      3 * (L * (linears + attention) + 2 * d * V) + 2 * (d + L * elementwise + 7 * d) + 2 * d,
    );
  });

  it("has no training section, so no memory estimate unless a batch is given", () => {
    expect(report.training).toBeUndefined();
    expect(programReport(p, { batch: 8 }).training?.batch).toBe(8);
  });
});

describe("memory estimate", () => {
  it("is 16 bytes per parameter plus the activations formula", () => {
    const [V, d, h, T, B] = [256, 64, 4, 32, 16];
    const g = handGpt({ vocab: V, d, heads: h, layers: 1, context: T });
    const P = graphParamCount(g);
    // node outputs per token: tokens 1; tok, pos, add 3d; ln, q, k, v, attention, out, add 7d;
    // ln, up 4d, gelu 4d, down, add 11d; final ln d; logits V
    expect(activationValuesPerSequence(g, T)).toBe(T * (1 + 22 * d + V) + 2 * h * T * T + T * V);
    const m = memoryEstimate(g, P, B, T);
    expect([m.weights, m.gradients, m.adam]).toEqual([4 * P, 4 * P, 8 * P]);
    expect(m.activations).toBe(4 * B * (T * (1 + 22 * d + V) + 2 * h * T * T + T * V));
    expect(m.total).toBe(16 * P + m.activations);
  });

  it("formats bytes as KiB, MiB and GiB", () => {
    expect(formatBytes(512)).toBe("512 B");
    expect(formatBytes(1536)).toBe("1.50 KiB");
    expect(formatBytes(124.5 * 2 ** 20)).toBe("124.5 MiB");
    expect(formatBytes(3 * 2 ** 30)).toBe("3.00 GiB");
  });
});

describe("mixture of experts", () => {
  it("counts only top_k of the experts and the router as active (moe-topk example)", () => {
    const r = programReport(program("examples/moe-topk.arch"));
    expect(r.totals.activeParams).toBeLessThan(r.totals.params);
    const moeRow = r.rows.find((row) => row.name === "blocks.2");
    // 8 experts of MLP(96, 192): 2 active of 8
    const expert = 2 * 96 * 192 + 192 + 96;
    expect((moeRow?.params ?? 0) - (moeRow?.activeParams ?? 0)).toBe(6 * expert);
  });

  it("scales expert FLOPs by the share of tokens routed to them (hand-built switch layer)", () => {
    const dense = buildReport(handGpt({ vocab: 64, d: 32, heads: 2, layers: 1, context: 16 }));
    const sw = buildReport(
      handGpt({
        vocab: 64,
        d: 32,
        heads: 2,
        layers: 1,
        context: 16,
        moe: { experts: 4, topK: 1, router: "switch", layers: () => true },
      }),
    );
    expect(sw.totals.params).toBeGreaterThan(dense.totals.params);
    // one expert per token: the FFN costs as much as the dense one, plus the router 2·d·E + 5E and combine 2·d
    expect(sw.totals.forwardFlops - dense.totals.forwardFlops).toBeCloseTo(
      2 * 32 * 4 + 5 * 4 + 2 * 32,
      6,
    );
  });
});

describe("grow schedule", () => {
  it("shows the parameters before → after each event of grow-msg", () => {
    const r = programReport(program("examples/grow-msg.arch"));
    // MSG (docs/growth.md): heads keep their size (attention width a = 64 → 128), width growth
    // keeps the attention width
    const layer = (d: number, a: number, ffn: number): number =>
      3 * (d * a + a) + a * d + d + 2 * d * ffn + ffn + d + 4 * d;
    const model = (d: number, a: number, ffn: number, L: number): number =>
      256 * d + 64 * d + L * layer(d, a, ffn) + 2 * d;
    expect(r.grow?.map((e) => [e.before.params, e.after.params])).toEqual([
      [model(64, 64, 256, 2), model(64, 64, 512, 2)],
      [model(64, 64, 512, 2), model(64, 128, 512, 2)],
      [model(64, 128, 512, 2), model(96, 128, 512, 2)],
      [model(96, 128, 512, 2), model(96, 128, 512, 4)],
    ]);
    expect(r.grow?.[3]?.after.memory?.total).toBeGreaterThan(
      r.grow?.[3]?.before.memory?.total ?? Infinity,
    );
  });
});
