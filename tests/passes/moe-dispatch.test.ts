// MoE dispatch (pass dispatchMoe, runtime/ops/moe-slots.ts) against the dense path: the same
// program compiled with every MoE layer forced to `dispatch` and to `dense` computes the same
// logits and gradients from the same weights (switch with tokens over capacity, top-k, expert
// choice, hash routing).
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { createParams, disposeParams } from "../../runtime/init.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { trainStep } from "../../runtime/train/step.ts";
import { load } from "./moe-support.ts";
import { compare, TOL } from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const CASES = [
  "tests/passes/fixtures/moe-overflow.arch",
  "examples/moe-switch.arch",
  "examples/moe-topk.arch",
  "examples/moe-expert-choice.arch",
  "examples/hash-layers.arch",
];

describe("MoE dispatch = dense (same weights, cpu)", () => {
  for (const file of CASES) {
    it(file, async () => {
      const dispatch = await load(file, "dispatch");
      const dense = await load(file, "dense");
      expect(dispatch.code).toContain("moeDispatchExpert(");
      expect(dispatch.code).toContain("moeCombineSlots(");
      expect(dense.code).not.toContain("moeDispatchExpert(");
      const c = compare(dispatch.model, dense.model, 4, 16);
      console.log(
        `${file}: logits ${c.logits.toExponential(2)}, gradients ${c.grads.toExponential(2)} (${c.worstParam})`,
      );
      expect(c.paramCount).toBeGreaterThan(0);
      expect(c.logits, "logits").toBeLessThanOrEqual(TOL);
      expect(c.grads, `gradient of ${c.worstParam}`).toBeLessThanOrEqual(TOL);
    });
  }
});

describe("MoE dispatch training step", () => {
  it("leaves no tensor behind (switch with overflow, hash)", async () => {
    for (const file of ["tests/passes/fixtures/moe-overflow.arch", "examples/hash-layers.arch"]) {
      const { model } = await load(file, "dispatch");
      const T = model.meta.context;
      const tokens = Int32Array.from(
        { length: 4 * (T + 1) },
        (_, i) => (i * 5 + 1) % model.meta.vocab,
      );
      const params = createParams(model.params, 1);
      const opt = new AdamW({
        lr: 1e-3,
        beta1: 0.9,
        beta2: 0.95,
        eps: 1e-8,
        weightDecay: 0,
        decay: new Set(),
      });
      const step = (n: number) =>
        trainStep(
          model,
          params,
          opt,
          { tokens, batch: 4, width: T + 1 },
          { lr: 1e-3, clip: 1, step: n, seed: 1 },
        );
      const first = await step(0);
      const before = tf.memory().numTensors;
      const second = await step(1);
      expect(tf.memory().numTensors, file).toBe(before);
      expect(Number.isFinite(first.loss) && Number.isFinite(second.loss)).toBe(true);
      opt.dispose();
      disposeParams(params);
    }
  });
});
