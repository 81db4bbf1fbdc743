// `archc drop --suggest` (constructs.md §8.4): the angular distance is arccos(cos sim)/π, 0 for
// n = 0 and within [0, 1]; d(x^0, x^1) of a trained run equals the one computed by hand from the
// embedding and a hand-built first layer at the window's last token; the table and the JSON name
// the minimum and the command that drops it; no tensor is left behind. Also the strategies'
// layer choices (spec/drop.ts) and the LIST syntax.
import * as tf from "../../runtime/tf.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { layerList } from "../../cli/commands/drop.ts";
import { angularDistance, layerDistances } from "../../cli/runs/layer-distance.ts";
import { loadRun } from "../../cli/runs/load.ts";
import { rebuildModel } from "../../cli/runs/rebuild.ts";
import { indexProblem, strategyLayers } from "../../spec/drop.ts";
import { add, gelu, layerNorm, linear, attend } from "../../runtime/index.ts";
import { runCli } from "../support/cli.ts";
import { tempDir, tinyProject, trainInto } from "./helpers.ts";

const root = tempDir("archc-suggest-");
const run = join(root, "run");
const data = join(root, "data.txt");
const TEXT = "Four score and seven years ago our fathers brought forth on this continent. ";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await trainInto(tinyProject("SuggestTiny"), run); // 2 layers, d 16, context 8
  writeFileSync(data, TEXT.repeat(3));
}, 120_000);

describe("angular distance", () => {
  it("is arccos(cos sim)/π: 0 for equal directions, 1/2 orthogonal, 1 opposite", () => {
    expect(angularDistance([1, 2, 3], [2, 4, 6])).toBeCloseTo(0, 7);
    expect(angularDistance([1, 0], [0, 3])).toBeCloseTo(0.5, 12);
    expect(angularDistance([1, -2], [-1, 2])).toBeCloseTo(1, 7);
    expect(angularDistance([1, 0], [1, 1])).toBeCloseTo(0.25, 12);
  });

  it("over a run: 0 for n = 0, in [0, 1] for n = 1, and d(x^0, x^1) as computed by hand", async () => {
    const r = await loadRun(run);
    const probe = await rebuildModel(r.dir, r.info, { probeStream: true });
    const ids = Array.from(Buffer.from(TEXT.repeat(3)));
    const opts = { depth: 2, batch: 3, step: r.checkpoint.step };
    const zero = layerDistances(r.model, probe, r.params, ids, { ...opts, n: 0 });
    expect(zero.distances).toHaveLength(3);
    for (const d of zero.distances) expect(d).toBeLessThan(1e-6);
    const before = tf.memory().numTensors; // after a first pass, which may cache causal masks
    const one = layerDistances(r.model, probe, r.params, ids, { ...opts, n: 1 });
    expect(tf.memory().numTensors).toBe(before);
    expect(one.windows).toBe(Math.ceil(ids.length / 8));
    for (const d of one.distances) expect(d).toBeGreaterThan(0);
    for (const d of one.distances) expect(d).toBeLessThanOrEqual(1);
    expect(one.best).toBe(one.distances.indexOf(Math.min(...one.distances)));
    // one window by hand: x^0 = embedding + positions, x^1 = block 0 (Pre-LN attention, MLP)
    const win = ids.slice(0, 8);
    const single = layerDistances(r.model, probe, r.params, win, { ...opts, n: 1 });
    const w = (n: string): tf.Tensor => r.params.get(n)!;
    const lin = (n: string, x: tf.Tensor): tf.Tensor => linear(x, w(`${n}.kernel`), w(`${n}.bias`));
    const [x0, x1] = tf.tidy(() => {
      const t = tf.tensor2d([win], [1, 8], "int32");
      const e = add(tf.gather(w("token_embedding.table"), t), w("learned_positions.table"));
      const at = "blocks.0.causal_self_attention";
      const ln = (n: string, x: tf.Tensor): tf.Tensor =>
        layerNorm(x, w(`${n}.scale`), w(`${n}.bias`), 1e-5);
      const a = ln(`${at}.ln_in`, e);
      const h = tf.add(
        e,
        lin(`${at}.out`, attend(lin(`${at}.q`, a), lin(`${at}.k`, a), lin(`${at}.v`, a), { heads: 2, causal: true })),
      );
      const m = ln("blocks.0.mlp.ln_in", h);
      const y = tf.add(h, lin("blocks.0.mlp.linear_1", gelu(lin("blocks.0.mlp.linear_0", m))));
      const last = (x: tf.Tensor): Float32Array => x.slice([0, 7, 0], [1, 1, 16]).dataSync() as Float32Array;
      return [last(e), last(y)];
    });
    expect(single.distances[0]).toBeCloseTo(angularDistance(x0, x1), 5);
    r.dispose();
  });
});

describe("archc drop --suggest", () => {
  it("prints the table with the smallest marked and the command; --json the same numbers", async () => {
    const json = await runCli(["drop", run, "--suggest", "1", "--data", data, "--json"]);
    expect(json.code, json.err).toBe(0);
    const r = JSON.parse(json.out) as {
      depth: number;
      distances: { layer: number; distance: number }[];
      best: { layers: number[]; distance: number };
      command: string;
    };
    expect(r.depth).toBe(2);
    expect(r.distances.map((d) => d.layer)).toEqual([0, 1]);
    const min = Math.min(...r.distances.map((d) => d.distance));
    const best = r.distances.findIndex((d) => d.distance === min);
    expect(r.best).toEqual({ layers: [best], distance: min });
    expect(r.command).toBe(`archc drop ${run} --layers ${best} --out ${run}-drop-${best}`);
    const table = await runCli(["drop", run, "--suggest", "1", "--data", data]);
    expect(table.code, table.err).toBe(0);
    expect(table.out).toContain(`${min.toFixed(4)}  ← smallest`);
    expect(table.out).toContain(`best block of 1 layer to drop: ${best}`);
    expect(table.out).toContain(r.command);
  });
});

describe("layer choices", () => {
  it("the strategies on 12 layers", () => {
    expect(strategyLayers("top", 3, 12)).toEqual([9, 10, 11]);
    expect(strategyLayers("bottom", 3, 12)).toEqual([0, 1, 2]);
    expect(strategyLayers("alternate", 3, 12)).toEqual([7, 9, 11]);
    expect(strategyLayers("symmetric", 4, 12)).toEqual([4, 5, 6, 7]);
    expect(strategyLayers("symmetric", 3, 12)).toEqual([4, 5, 6]);
    expect(strategyLayers("alternate", 6, 12)).toEqual([1, 3, 5, 7, 9, 11]);
    expect(strategyLayers("alternate", 7, 12)).toMatch(/at most 6 of 12/);
    expect(strategyLayers("top", 12, 12)).toMatch(/from 1 to 11/);
    expect(strategyLayers("top", 0, 12)).toMatch(/from 1 to 11/);
  });

  it("LIST: commas and inclusive ranges; indices checked against the depth", () => {
    expect(layerList("layers", "5,6")).toEqual([5, 6]);
    expect(layerList("layers", "1, 4..6")).toEqual([1, 4, 5, 6]);
    expect(() => layerList("layers", "6..4")).toThrow(/0-based layer indices/);
    expect(() => layerList("layers", "-1")).toThrow(/0-based layer indices/);
    expect(() => layerList("layers", "")).toThrow(/0-based layer indices/);
    expect(indexProblem("--layers", [0, 3], 4)).toBeUndefined();
    expect(indexProblem("--layers", [4], 4)).toMatch(/layer 4 does not exist/);
    expect(indexProblem("--layers", [2, 2], 4)).toMatch(/named twice/);
  });
});
