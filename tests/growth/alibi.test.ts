// Heads growth of an ALiBi model (examples/alibi.arch, 6 → 8 heads): ALiBi's slopes depend on the
// head count, so the grown attention keeps the old heads' slopes and gives the new heads the slopes
// of a fresh model of the new size that the old heads lack (grownAlibiSlopes). Checked: the slope
// rule's limit cases, the stage's generated code, the loss unchanged at the growth step, and that
// a fresh 8-head model's slopes in the same weights would have changed it (the decision matters).
import * as tf from "../../runtime/tf.ts";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { generateModule } from "../../compiler/codegen/index.ts";
import { compileFile } from "../../compiler/compile.ts";
import { applyEvent } from "../../compiler/lower/grow-stages.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { alibiSlopes, grownAlibiSlopes } from "../../runtime/ops/positional.ts";
import { batchLoss } from "../../runtime/train/evaluate.ts";
import { Growth } from "../../runtime/train/grow.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";
import { compileArch, DIR, optimizerFor, randomBatch } from "./support.ts";

const EXAMPLE = join(REPO, "examples/alibi.arch");
const sorted = (xs: readonly number[]): number[] => [...xs].sort((a, b) => a - b);

beforeAll(async () => {
  await tf.setBackend("cpu");
});

describe("ALiBi slopes after heads growth", () => {
  it("a model built at its size has the paper's slopes", () => {
    for (const n of [1, 2, 3, 6, 8, 12]) expect(grownAlibiSlopes(n)).toEqual(alibiSlopes(n));
  });

  it("old heads keep their slopes; the heads hold a fresh model's set of slopes", () => {
    for (const [from, to] of [
      [1, 2],
      [2, 3],
      [4, 8],
      [6, 8],
      [6, 12],
      [3, 16],
    ] as const) {
      const grown = grownAlibiSlopes(to, [from]);
      expect(grown.slice(0, from), `${from} → ${to}`).toEqual(alibiSlopes(from));
      expect(sorted(grown), `${from} → ${to}`).toEqual(sorted(alibiSlopes(to)));
    }
    // 6 → 8: the new heads take the two slopes six heads lack, in the fresh model's order
    expect(grownAlibiSlopes(8, [6]).slice(6)).toEqual([2 ** -5, 2 ** -7]);
    // 4 → 8 differs from a fresh model's order (whose head 0 has 2^-1); 2 → 3 does not
    expect(grownAlibiSlopes(8, [4])).not.toEqual(alibiSlopes(8));
    expect(grownAlibiSlopes(3, [2])).toEqual(alibiSlopes(3));
  });

  it("two events: the second keeps the first's slopes (4 → 6 → 8 gives what 4 → 8 gives)", () => {
    expect(grownAlibiSlopes(8, [4, 6])).toEqual(grownAlibiSlopes(8, [4]));
    // in general the order depends on the path, never the first heads' slopes nor the set
    const twice = grownAlibiSlopes(12, [3, 6]);
    expect(twice.slice(0, 6)).toEqual(grownAlibiSlopes(6, [3]));
    expect(sorted(twice)).toEqual(sorted(alibiSlopes(12)));
  });
});

/** The example's stage-1 graph (masked, as the run trains it) with its attention's `alibiFrom` dropped. */
function freshSlopesStage(): Graph {
  const program = analyzeFile(EXAMPLE, { cwd: REPO }).program!;
  const event = program.grow!.events[0]!;
  const g = applyEvent(program.graph, event, true).graph;
  const nodes = g.nodes.map((n) => {
    if (n.kind !== "attention") return n;
    expect(n.attrs.alibiFrom).toEqual([6]);
    const attrs = { ...n.attrs };
    delete attrs.alibiFrom;
    return { ...n, attrs };
  });
  return { ...g, nodes };
}

describe("examples/alibi.arch grows 6 → 8 heads with the function preserved", () => {
  it("the loss is the same just before and after the event; fresh slopes would change it", async () => {
    const { model } = await compileArch("alibi-example", EXAMPLE);
    const stage = model.grow!.stages[0]!;
    expect(stage.step).toBe(150);
    expect(stage.model.meta.paramCount).toBeGreaterThan(model.meta.paramCount);
    const g = Growth.start(model, 0, 1);
    const opt = optimizerFor(model);
    const probe = randomBatch(7);
    const rec = await g.advance(150, opt, 1, probe);
    expect(
      Math.abs(rec.lossAfter! - rec.lossBefore!) / rec.lossBefore!,
      `${rec.lossBefore} → ${rec.lossAfter}`,
    ).toBeLessThan(1e-6);
    // the same weights under a fresh 8-head model's slopes (old heads would change theirs)
    const code = await generateModule({ graph: freshSlopesStage(), locate: () => "" });
    const fresh = (await importProgram(writeProgram(join(DIR, "alibi-fresh-slopes"), code))).model;
    const freshLoss = await batchLoss(fresh, g.params, probe, 150);
    expect(Math.abs(freshLoss - rec.lossBefore!), `fresh slopes: ${freshLoss}`).toBeGreaterThan(
      1e-4 * rec.lossBefore!,
    );
    const before = tf.memory().numTensors;
    await batchLoss(g.model, g.params, probe, 151);
    expect(tf.memory().numTensors).toBe(before);
    g.dispose();
    opt.dispose();
  }, 60_000);

  it("the generated stage passes the old head counts to attend", async () => {
    const r = await compileFile(EXAMPLE, { cwd: REPO, outDir: join(DIR, "alibi-code") });
    const code = r.files!.find((f) => f.path === "model.ts")!.text;
    expect(code).toContain("alibiFrom: [6]");
    expect(code).not.toMatch(/alibiFrom: \[(?!6\])/);
  });
});
