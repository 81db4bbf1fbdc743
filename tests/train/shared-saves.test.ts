// runtime/train/shared-saves.ts: saving tensors for the backward pass by sharing their data gives
// the same training, bit for bit, as tfjs's Identity clones (ARCHC_SAVES=clone): 3 AdamW steps of
// examples/gpt.arch (pass pipeline on: the native fused kernels' customGrad saves) on cpu and, where
// the addon is built, native; no Identity kernel runs in a step, and no tensor or data id is kept.
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStep, trainingStart } from "../../bench/training-start.ts";
import { disposeParams } from "../../runtime/init.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { variableGrads } from "../../runtime/train/grads.ts";
import { trainStep } from "../../runtime/train/step.ts";
import { compileBoth } from "../passes/support.ts";
import { nativeReason } from "../kernels/native-helpers.ts";

const STEPS = 3;
const BATCH = 2;
let model: CompiledModel;

beforeAll(async () => {
  model = (await compileBoth("examples/gpt.arch", "shared-saves")).opt;
});
afterAll(async () => {
  delete process.env["ARCHC_SAVES"];
  await tf.setBackend("cpu");
});

interface Run {
  losses: number[];
  norms: number[];
  identities: number;
}

/** STEPS steps from the same seeded weights; leak-checked from the second step on. */
async function run(saves: "share" | "clone"): Promise<Run> {
  if (saves === "clone") process.env["ARCHC_SAVES"] = "clone";
  else delete process.env["ARCHC_SAVES"];
  const { params, optimizer, batch } = trainingStart(model, BATCH);
  const out: Run = { losses: [], norms: [], identities: 0 };
  let tensors = 0,
    ids = 0;
  for (let step = 0; step < STEPS; step++) {
    if (step === 1) {
      tensors = tf.memory().numTensors;
      ids = tf.engine().backend.numDataIds();
    }
    const prof = await tf.profile(async () => {
      const r = await trainStep(model, params, optimizer, batch, startStep(step));
      out.losses.push(r.loss);
      out.norms.push(r.gradNorm);
    });
    out.identities += prof.kernels.filter((k) => k.name === "Identity").length;
  }
  expect(tf.memory().numTensors, `${saves}: tensors kept across steps`).toBe(tensors);
  expect(tf.engine().backend.numDataIds(), `${saves}: data kept across steps`).toBe(ids);
  optimizer.dispose();
  disposeParams(params);
  return out;
}

describe("shared saves for the backward pass", () => {
  const backends = nativeReason === null ? ["cpu", "native"] : ["cpu"];
  for (const backend of backends) {
    it(`${backend}: the same losses and gradient norms as Identity clones, no Identity calls`, async () => {
      await tf.setBackend(backend);
      const cloned = await run("clone");
      const shared = await run("share");
      expect(cloned.identities).toBeGreaterThan(100); // tfjs clones every saved tensor
      expect(shared.identities).toBe(0);
      expect(shared.losses[STEPS - 1]).toBeLessThan(shared.losses[0]!);
      expect(shared.losses).toEqual(cloned.losses); // bit for bit
      expect(shared.norms).toEqual(cloned.norms);
    });
  }

  it("restores the engine's clone afterwards, and keeps it inside a nested gradient", () => {
    const engine = tf.engine() as unknown as { clone: unknown };
    const stock = engine.clone;
    const v = tf.variable(tf.tensor1d([1, -2, 3]), true, "ssv");
    const g = tf.tidy(() => {
      // d/dv Σ (d/dv Σ v³) = d/dv Σ 3v² = 6v: the inner gradient differentiates through saved clones
      const { grads } = variableGrads(
        () => tf.sum(tf.grad((x: tf.Tensor) => tf.sum(tf.pow(x, 3)))(v)),
        [v],
      );
      return grads["ssv"]!;
    });
    expect(Array.from(g.dataSync())).toEqual([6, -12, 18]);
    expect(engine.clone).toBe(stock);
    tf.dispose([g, v]);
  });
});
