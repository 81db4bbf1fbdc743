// examples/grow-msg.arch end to end, shortened (d 32, context 32, events every 4 steps, ramps of 2):
// runMain trains through all four events with the loss just before and after each equal, grow
// records in metrics.jsonl with the parameter counts, a falling loss; and --resume from a
// checkpoint taken at an event step (before the event) repeats the uninterrupted run exactly.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel } from "../../runtime/model.ts";
import { runMain } from "../../runtime/run/main.ts";
import type { TrainConfig } from "../../runtime/train/config.ts";
import { readMetrics, type GrowRecord, type TrainRecord } from "../../runtime/train/metrics.ts";
import { REPO } from "../codegen/support.ts";
import { captureIO, tempDir } from "../train/helpers.ts";
import { compileArch, writeArch } from "./support.ts";

/** grow-msg.arch with test-sized numbers. */
function shortened(): string {
  const swaps: [RegExp, string][] = [
    [/const d = 64/, "const d = 32"],
    [/const ctx = 64/, "const ctx = 32"],
    [/batch 16/, "batch 4"],
    [/steps 600/, "steps 24"],
    [/eval every 50 steps/, "eval every 12 steps"],
    [/schedule warmup_cosine\([^)]*\)/, "schedule constant"],
    [/lr: 3e-3/, "lr: 1e-2"],
    [/at step 100:/, "at step 4:"],
    [/at step 200:/, "at step 8:"],
    [/at step 300:/, "at step 12:"],
    [/at step 400:/, "at step 16:"],
    [/masked over 50 steps/g, "masked over 2 steps"],
    [/width 64 -> 96/, "width 32 -> 48"],
  ];
  let text = readFileSync(join(REPO, "examples", "grow-msg.arch"), "utf8");
  for (const [re, by] of swaps) {
    if (!re.test(text)) throw new Error(`grow-msg.arch no longer has ${re}`);
    text = text.replace(re, by);
  }
  return text;
}

let program: { model: CompiledModel; trainConfig?: unknown };

beforeAll(async () => {
  await tf.setBackend("cpu");
  program = await compileArch("grow-msg-short", writeArch("grow-msg-short", shortened()));
}, 120_000);

async function train(dir: string, ...flags: string[]): Promise<void> {
  const argv = [
    "node",
    "train",
    "--backend",
    "cpu",
    "--out",
    dir,
    "--sample",
    "0",
    "--quiet",
    ...flags,
  ];
  const io = captureIO();
  const code = await runMain(program.model, program.trainConfig as TrainConfig, argv, io);
  expect(code, io.text()).toBe(0);
}

const trainCurve = (dir: string): [number, number][] =>
  readMetrics(join(dir, "metrics.jsonl"))
    .filter((r): r is TrainRecord => r.type === "train")
    .map((r) => [r.step, r.loss]);
const grows = (dir: string): GrowRecord[] =>
  readMetrics(join(dir, "metrics.jsonl")).filter((r): r is GrowRecord => r.type === "grow");

describe("grow-msg.arch (shortened) trains through its events", () => {
  const full = tempDir("archc-grow-");

  it("grows at steps 4, 8, 12, 16 with equal losses around each event; the loss falls", async () => {
    await train(full);
    const events = grows(full);
    expect(events.map((g) => [g.step, g.stage])).toEqual([
      [4, 1],
      [8, 2],
      [12, 3],
      [16, 4],
    ]);
    expect(events.map((g) => g.event)).toEqual([
      "ffn 128 → 256, masked over 2 steps",
      "heads 4 → 8, masked over 2 steps",
      "width 32 → 48, masked over 2 steps",
      "depth 2 → 4 by stacking, masked over 2 steps",
    ]);
    for (const [i, g] of events.entries()) {
      expect(Math.abs(g.lossAfter! - g.lossBefore!) / g.lossBefore!, g.event).toBeLessThan(1e-5);
      expect(g.paramsAfter).toBeGreaterThan(g.paramsBefore);
      if (i > 0) expect(g.paramsBefore).toBe(events[i - 1]!.paramsAfter);
    }
    expect(events[0]!.paramsBefore).toBe(program.model.meta.paramCount);
    expect(events[3]!.paramsAfter).toBe(program.model.grow!.stages[3]!.model.meta.paramCount);
    const curve = trainCurve(full);
    expect(curve).toHaveLength(24);
    const mean = (xs: [number, number][]): number => xs.reduce((s, [, l]) => s + l, 0) / xs.length;
    expect(mean(curve.slice(-4))).toBeLessThan(mean(curve.slice(0, 4)));
    // the run report marks every event with the parameter counts
    const svg = readFileSync(join(full, "report.svg"), "utf8");
    for (const g of events)
      expect(svg).toContain(
        `(${g.paramsBefore.toLocaleString("en-US")} → ${g.paramsAfter.toLocaleString("en-US")} params)`,
      );
  }, 300_000);

  it("--resume from a checkpoint at an event step repeats the uninterrupted run", async () => {
    const dir = tempDir("archc-grow-resume-");
    await train(dir, "--steps", "8");
    const manifest = JSON.parse(
      readFileSync(join(dir, "checkpoints", "step-000008", "manifest.json"), "utf8"),
    ) as { growStage?: number };
    expect(manifest.growStage).toBe(1); // the event at step 8 comes after the checkpoint
    await train(dir, "--resume", dir, "--steps", "24");
    expect(grows(dir).map((g) => g.step)).toEqual([4, 8, 12, 16]);
    expect(trainCurve(dir)).toEqual(trainCurve(full));
  }, 300_000);
});
