// Reports (several runs overlaid, SVG and HTML), sampling and evaluation helpers, synthetic data
// through runMain, and the loop on the wasm backend.
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { bigramModel } from "./bigram.ts";
import { captureIO, checkWellFormedXml, smallConfig, tempDir } from "./helpers.ts";
import { archcReport } from "../../runtime/report/report.ts";
import { niceTicks } from "../../runtime/report/chart.ts";
import { createParams } from "../../runtime/init.ts";
import { evaluate } from "../../runtime/train/evaluate.ts";
import { pickToken, sample, sampleTokens } from "../../runtime/decode/index.ts";
import { makeDataset } from "../../runtime/data/index.ts";
import { Rng } from "../../runtime/init.ts";
import { runMain } from "../../runtime/run/main.ts";
import { RuntimeUserError } from "../../runtime/errors.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

function fakeRun(root: string, name: string, scale: number): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "config.json"), JSON.stringify({ model: { name: "M<&>" } }));
  const lines: string[] = [];
  for (let s = 1; s <= 20; s++)
    lines.push(
      JSON.stringify({
        type: "train",
        step: s,
        loss: scale * (5 - s / 10),
        ce: 0,
        lr: 0,
        gradNorm: 1,
        tokensPerSec: 1,
        elapsed: s,
      }),
    );
  for (const s of [10, 20])
    lines.push(
      JSON.stringify({
        type: "eval",
        step: s,
        valLoss: scale * (5.2 - s / 10),
        valBpb: 0,
        elapsed: s,
      }),
    );
  writeFileSync(join(dir, "metrics.jsonl"), lines.join("\n") + "\n" + '{"type":"train","st'); // torn last line
  return dir;
}

describe("reports", () => {
  it("overlays several runs in one well-formed SVG with labels, and writes HTML", async () => {
    const root = tempDir();
    const runs = [fakeRun(root, "a-1", 1), fakeRun(root, "b-2", 0.8)];
    const out = join(root, "cmp.svg");
    await archcReport(runs, out);
    const svg = readFileSync(out, "utf8");
    checkWellFormedXml(svg);
    for (const label of [
      "M&lt;&amp;&gt; (a-1) train",
      "M&lt;&amp;&gt; (b-2) validation",
      "Loss: 2 runs",
      ">step<",
      "loss (nats per token)",
    ]) {
      expect(svg).toContain(label);
    }
    // loss: raw, smoothed and validation per run; lr: one line; gradient norm, tokens/s: raw and smoothed
    expect(svg.match(/<path /g)).toHaveLength(2 * (3 + 1 + 2 + 2));
    for (const title of ["Learning rate: 2 runs", "Gradient norm: 2 runs", "Throughput: 2 runs"])
      expect(svg).toContain(title);
    expect(svg.match(/<circle /g)).toHaveLength(4);
    await archcReport(runs.slice(0, 1), join(root, "one.html"));
    const html = readFileSync(join(root, "one.html"), "utf8");
    expect(html).toMatch(/^<!DOCTYPE html>/);
    // the interactive page (tests/report/charts.test.ts renders it in a browser): the panels' data inline
    expect(html).toContain("const ARCHC_PANELS = ");
    expect(html).toContain("M&lt;&amp;&gt; (a-1)");
    await expect(archcReport([tempDir()], join(root, "x.svg"))).rejects.toThrow(RuntimeUserError);
  });

  it("picks round tick values", () => {
    expect(niceTicks(0, 100)).toEqual([0, 20, 40, 60, 80, 100]);
    expect(niceTicks(2.13, 5.6)).toEqual([2.5, 3, 3.5, 4, 4.5, 5, 5.5]);
  });
});

describe("sampling and evaluation", () => {
  it("samples deterministically by seed; temperature 0 and top-1 are greedy", async () => {
    const model = bigramModel({ context: 8, width: 8 });
    const params = createParams(model.params, 4);
    const a = await sample(model, params, "The ", { tokens: 12, temperature: 1, seed: 9 });
    expect(await sample(model, params, "The ", { tokens: 12, temperature: 1, seed: 9 })).toBe(a);
    const greedy = await sampleTokens(model, params, [84], { tokens: 6, temperature: 0 });
    expect(
      await sampleTokens(model, params, [84], { tokens: 6, temperature: 1, topK: 1, seed: 3 }),
    ).toEqual(greedy);
    expect(pickToken(Float32Array.from([0, 5, 1]), { temperature: 0 }, new Rng(1))).toBe(1);
    for (const v of params.values()) v.dispose();
  });

  it("evaluates to {loss, bpb} with bpb = loss / ln 2; ln 256 for a uniform model", async () => {
    const model = bigramModel({ context: 8, width: 8 });
    const params = createParams(model.params, 0);
    params.get("head.kernel")!.assign(tf.zerosLike(params.get("head.kernel")!));
    const ds = makeDataset(
      { kind: "text", source: "sotu" },
      { vocab: 256, context: 8, batch: 4, seed: 0 },
    );
    const r = await evaluate(model, params, ds, { maxBatches: 2 });
    expect(r.loss).toBeCloseTo(Math.log(256), 5);
    expect(r.bpb).toBeCloseTo(8, 5);
    for (const v of params.values()) v.dispose();
  });
});

describe("other data and backends through runMain", () => {
  it("trains on a synthetic task and reports bits per token", async () => {
    const io = captureIO();
    const cfg = {
      ...smallConfig,
      data: { kind: "copy", length: 3 } as const,
      steps: 4,
      evalEvery: 2,
      checkpointEvery: 0,
    };
    const code = await runMain(
      bigramModel({ vocab: 12, context: 8, width: 8 }),
      cfg,
      ["node", "t", "--backend", "cpu", "--out", join(tempDir(), "r"), "--sample", "5"],
      io,
    );
    expect(code, io.text()).toBe(0);
    expect(io.text()).toMatch(/bits per token \(step 4\)/);
    expect(io.text()).toMatch(/sample: (\d+ ){4}\d+\n/);
  });

  it("runs the loop on the wasm backend", async () => {
    const io = captureIO();
    const code = await runMain(
      bigramModel({ context: 8, width: 8 }),
      { ...smallConfig, steps: 3, checkpointEvery: 0 },
      ["node", "t", "--backend", "wasm", "--out", join(tempDir(), "r"), "--quiet", "--sample", "0"],
      io,
    );
    expect(code, io.text()).toBe(0);
    expect(io.text()).toMatch(
      /^final validation loss \d\.\d{4}, \d\.\d{3} bits per byte, \d\.\d{3} bits per token \(step 3\)\nsaved to /,
    );
    await tf.setBackend("cpu");
  });
});
