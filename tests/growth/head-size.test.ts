// Heads and width growth keep every head size (ARCH3514 only stops an attention over the stream):
// `heads 4 -> 6` (64 / 6 is not whole) and `width 64 -> 70` (70 / 4 is not whole) are accepted and
// grow heads of 16, and on a tiny model (d 16, 4 heads: heads 4 -> 6, width 16 -> 18) each event
// preserves the loss at the event, and at c = 1 the masked stage equals the plain grown model.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { growStageGraphs } from "../../compiler/lower/grow-stages.ts";
import { batchLoss } from "../../runtime/train/evaluate.ts";
import { Growth } from "../../runtime/train/grow.ts";
import { REPO } from "../codegen/support.ts";
import {
  compileArch,
  optimizerFor,
  plainStage,
  randomBatch,
  tinyText,
  trainSteps,
  writeArch,
} from "./support.ts";

const STEP = 3;
const RAMP = 4;

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("heads and width growth keep the head size", () => {
  it("heads 4 -> 6 and width 64 -> 70 (d 64, 4 heads) are accepted; the heads stay 16 wide", () => {
    const text = tinyText({
      block: "PreLNBlock(d, 4, ffn: 128)",
      event:
        "at step 100: heads 4 -> 6 masked over 50 steps\n  at step 200: width 64 -> 70 masked over 50 steps",
    }).replace("const d = 16", "const d = 64");
    const path = writeArch("head-size-d64", text);
    const r = analyzeFile(path, { cwd: REPO });
    expect(r.diagnostics.map((d) => `${d.code}: ${d.message}`)).toEqual([]);
    const stages = growStageGraphs(r.program!.graph, r.program!.grow!);
    const heads = stages.map((s) =>
      s.graph.nodes.flatMap((n) =>
        n.kind === "attention" ? [[n.attrs.heads, n.attrs.headDim]] : [],
      ),
    );
    expect(heads).toEqual([
      [
        [6, 16],
        [6, 16],
      ],
      [
        [6, 16],
        [6, 16],
      ],
    ]);
    expect(stages.map((s) => s.graph.meta.width)).toEqual([64, 70]);
  });

  for (const event of ["heads 4 -> 6", "width 16 -> 18"]) {
    it(`${event} (4 heads of 4) preserves the loss at the event`, async () => {
      const file = `head-size-${event.replace(/\W+/g, "-")}`;
      const path = writeArch(
        file,
        tinyText({
          block: "PreLNBlock(d, 4, ffn: 32)",
          event: `at step ${STEP}: ${event} masked over ${RAMP} steps`,
        }),
      );
      const { model } = await compileArch(file, path);
      const stage = model.grow!.stages[0]!;
      const g = Growth.start(model, 0, 1);
      const opt = optimizerFor(model);
      await trainSteps(g, opt, 0, STEP);
      const probe = randomBatch(100 + STEP);
      const rec = await g.advance(STEP, opt, 1, probe);
      expect(
        Math.abs(rec.lossAfter! - rec.lossBefore!) / Math.abs(rec.lossBefore!),
        `${rec.lossBefore} → ${rec.lossAfter}`,
      ).toBeLessThan(1e-5);
      expect(rec.paramsAfter).toBeGreaterThan(rec.paramsBefore);
      expect(rec.paramsAfter).toBe(stage.model.meta.paramCount);
      // at c = 1 the masked stage is the plain grown model
      const plain = await plainStage(file, path, 1);
      const late = STEP + RAMP;
      const masked = await batchLoss(stage.model, g.params, probe, late);
      const ordinary = await batchLoss(plain, g.params, probe, late);
      expect(Math.abs(masked - ordinary)).toBeLessThan(1e-5 * Math.abs(ordinary));
      expect((await trainSteps(g, opt, STEP, STEP + RAMP + 1)).every(Number.isFinite)).toBe(true);
      g.dispose();
      opt.dispose();
    }, 60_000);
  }
});
