// Layer dropping end to end on cpu and on wasm, all through the command line: a tiny 3-layer model
// trains a few steps, `archc drop` removes its middle layer, `archc eval` scores the dropped run and
// `archc train DROPPED` heals it for 2 steps, each on the backend under test; the healed run keeps
// the drop, its losses are finite, and evaluating again leaves no tensor behind.
import * as tf from "../../runtime/tf.ts";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { selectBackend } from "../../runtime/backend.ts";
import { readRunInfo } from "../../runtime/run/info.ts";
import { readMetrics, type TrainRecord } from "../../runtime/train/metrics.ts";
import { tempDir, tinyProject } from "../runs/helpers.ts";
import { runCli } from "../support/cli.ts";

const root = tempDir("archc-e2e-drop-");
const data = join(root, "data.txt");
writeFileSync(data, "The quick brown fox jumps over the lazy dog. ".repeat(8));

/** `archc ARGS… --backend BACKEND`; fails the test unless it exits 0; its output. */
async function cli(backend: string, ...args: string[]): Promise<string> {
  const r = await runCli([...args, "--backend", backend]);
  expect(r.code, `${args.join(" ")}\n${r.out}${r.err}`).toBe(0);
  return r.out + r.err;
}

const quiet = ["--sample", "0", "--quiet"];

for (const backend of ["cpu", "wasm"] as const) {
  describe(`layer dropping on ${backend}`, () => {
    it("trains, drops a layer, evaluates and heals 2 steps", async () => {
      await selectBackend(backend);
      const run = join(root, `${backend}-run`);
      const dropped = join(root, `${backend}-dropped`);
      const healed = join(root, `${backend}-healed`);
      await cli(backend, "train", tinyProject("E2eDrop", 3, 3), "--out", run, ...quiet);
      const d = await runCli(["drop", run, "--layers", "1", "--out", dropped]);
      expect(d.code, d.err).toBe(0);
      expect(d.out).toMatch(/without trained layers 1 \(blocks\.1\)/);

      const ev = await cli(backend, "eval", dropped, "--data", data);
      const loss = Number(/loss (\d+\.\d+)/.exec(ev)?.[1]);
      expect(Number.isFinite(loss) && loss > 0, ev).toBe(true);
      // the first evaluation may leave the backend's caches; a second one adds nothing to them
      const before = tf.memory().numTensors;
      expect(await cli(backend, "eval", dropped, "--data", data)).toContain(`loss ${loss}`);
      expect(tf.memory().numTensors).toBe(before);

      await cli(backend, "train", dropped, "--out", healed, "--steps", "2", ...quiet);
      expect(readRunInfo(healed).build?.settings.drop).toEqual({ layers: [1], attention: [] });
      const steps = readMetrics(join(healed, "metrics.jsonl")).filter(
        (r): r is TrainRecord => r.type === "train",
      );
      expect(steps).toHaveLength(2);
      expect(steps.every((s) => Number.isFinite(s.loss))).toBe(true);
      expect(tf.getBackend()).toBe(backend);
    }, 60_000);
  });
}
