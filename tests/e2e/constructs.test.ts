// Every construct example, shrunk (d 32, context 16), trains a few steps on cpu with finite,
// falling loss; two short runs through runMain (Switch MoE, DenseFormer) log the auxiliary loss
// and per-layer expert load in metrics.jsonl and draw the expert load and DWA heat map in report.svg.
// (Growth is tested in tests/growth.)
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { compileFile } from "../../compiler/compile.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { runMain } from "../../runtime/run/main.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import { readMetrics, type TrainRecord } from "../../runtime/train/metrics.ts";
import { importProgram, REPO, shrinkExample, writeProgram } from "../codegen/support.ts";
import { trainFixedBatch } from "./support.ts";

const CONSTRUCTS = [
  "mixln.arch",
  "deepnorm.arch",
  "layernorm-scaling.arch",
  "sub-ln.arch",
  "gpt-periln.arch",
  "sandwich.arch",
  "parallel.arch",
  "denseformer.arch",
  "bermo.arch",
  "pmod.arch",
  "moe-switch.arch",
  "moe-topk.arch",
  "moe-expert-choice.arch",
  "hash-layers.arch",
  "one-wide-ffn.arch",
  "rope.arch",
  "alibi.arch",
  "all-attention.arch",
  "bam.arch",
];

/** Widths other than 32, where the example's head count does not divide 32. */
const WIDTH: Readonly<Record<string, number>> = { "alibi.arch": 48 };

/** The examples with small widths, written side by side (hash-layers imports ./gpt.arch). */
const DIR = join(REPO, "out", "tests", "e2e-constructs");
function shrink(file: string): string {
  return shrinkExample(file, DIR, { d: WIDTH[file] ?? 32, ctx: 16 });
}

interface Program {
  readonly model: CompiledModel;
  readonly trainConfig: TrainConfig;
}

async function compileShrunk(file: string): Promise<Program> {
  const path = shrink(file);
  const out = join(DIR, file.replace(/\.arch$/, ""));
  const r = await compileFile(path, { cwd: REPO, outDir: out });
  const code = r.files?.find((f) => f.path === "model.ts")?.text;
  if (code === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  return (await importProgram(writeProgram(out, code))) as unknown as Program;
}

beforeAll(async () => {
  await tf.setBackend("cpu");
  shrink("gpt.arch");
});

describe("construct examples train on cpu (shrunk)", () => {
  for (const file of CONSTRUCTS) {
    it(
      file,
      async () => {
        const { model } = await compileShrunk(file);
        const losses = await trainFixedBatch(model, 5, 2, 16);
        expect(losses.every(Number.isFinite), losses.join(", ")).toBe(true);
        expect(losses[4]!, losses.join(", ")).toBeLessThan(losses[0]!);
      },
      30_000,
    );
  }
});

/** A 4-step run through runMain (the bundled corpus, batch 2); returns the run directory. */
async function shortRun(file: string): Promise<string> {
  const { model, trainConfig } = await compileShrunk(file);
  const out = join(mkdtempSync(join(tmpdir(), "archc-e2e-")), "run");
  const sink = { write: (): boolean => true };
  const argv = [
    "node",
    file,
    "--steps",
    "4",
    "--batch",
    "2",
    "--eval-every",
    "4",
    "--backend",
    "cpu",
  ];
  const code = await runMain(
    model,
    { ...trainConfig, evalBatches: 1 },
    [...argv, "--out", out, "--sample", "0", "--quiet"],
    {
      out: sink,
      err: sink,
    },
  );
  expect(code).toBe(0);
  return out;
}

describe("short runs log and report the constructs", () => {
  it("Switch MoE: balance loss and per-layer expert load in metrics.jsonl and report.svg", async () => {
    const dir = await shortRun("moe-switch.arch");
    const train = readMetrics(join(dir, "metrics.jsonl")).filter(
      (r): r is TrainRecord => r.type === "train",
    );
    expect(train).toHaveLength(4);
    for (const r of train) {
      expect(Object.keys(r.aux ?? {}).sort()).toEqual([
        "blocks.1.moe.router.balance",
        "blocks.3.moe.router.balance",
      ]);
      const aux = Object.values(r.aux!).reduce((a, b) => a + b, 0);
      expect(r.loss - r.ce).toBeCloseTo(aux, 4);
      expect(Object.keys(r.stats ?? {}).sort()).toEqual([
        "blocks.1.moe.router.load",
        "blocks.3.moe.router.load",
      ]);
      expect(r.stats!["blocks.1.moe.router.load"]).toHaveLength(8);
    }
    const svg = readFileSync(join(dir, "report.svg"), "utf8");
    expect(svg).toContain("Expert load: blocks.1.moe.router");
    expect(svg).toContain("Expert load: blocks.3.moe.router");
  }, 60_000);

  it("DenseFormer: the learned DWA weights as a heat map in report.svg", async () => {
    const dir = await shortRun("denseformer.arch");
    const svg = readFileSync(join(dir, "report.svg"), "utf8");
    expect(svg).toContain("DWA weights α(i, j)");
    expect(svg).toContain("after block 6");
    expect(svg).toMatch(/<title>α\(6, 0\) = -?\d/); // dilation 2: site 6 averages X_0, X_2, X_4, X_6
    expect(svg).not.toMatch(/<title>α\(6, 1\)/);
  }, 60_000);
});
