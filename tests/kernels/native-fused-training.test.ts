// Whole training steps on the native backend with its fused kernels (attention reading the packed
// qkv, cross-entropy, norms, residual add + norm, activations, a linear's bias + GELU/silu;
// clipping + AdamW in one call): examples compiled with the pass pipeline (fused attention, fused
// linear epilogues, add + norm) train to the same losses as the unoptimized programs over 3 AdamW
// steps from the same weights, and as the same optimized program with the fused kernels off
// (ARCHC_NATIVE_FUSED=off, the composed tfjs ops), keeping no tensors across steps. Skipped, with
// the reason printed, where the addon is not built.
import * as tf from "../../runtime/tf.ts";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startStep, trainingStart } from "../../bench/training-start.ts";
import { disposeParams } from "../../runtime/init.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { trainStep } from "../../runtime/train/step.ts";
import { compileBoth } from "../passes/support.ts";
import { nativeReason } from "./native-helpers.ts";

const STEPS = 3;
const BATCH = 2;

beforeAll(async () => {
  if (nativeReason === null) await tf.setBackend("native");
});
afterAll(async () => {
  delete process.env["ARCHC_NATIVE_FUSED"];
  await tf.setBackend("cpu");
});

/** Losses of STEPS training steps of `model` from seeded weights on a fixed batch, and the kernels run. */
async function losses(
  model: CompiledModel,
  fused: boolean,
): Promise<{ loss: number[]; kernels: Set<string> }> {
  if (fused) delete process.env["ARCHC_NATIVE_FUSED"];
  else process.env["ARCHC_NATIVE_FUSED"] = "off";
  const { params, optimizer, batch } = trainingStart(model, BATCH);
  const out: number[] = [];
  const kernels = new Set<string>();
  let before = 0;
  for (let step = 0; step < STEPS; step++) {
    if (step === 1) before = tf.memory().numTensors;
    let loss = 0;
    const prof = await tf.profile(async () => {
      loss = (await trainStep(model, params, optimizer, batch, startStep(step))).loss;
    });
    for (const k of prof.kernels) kernels.add(k.name);
    out.push(loss);
  }
  expect(tf.memory().numTensors, "tensors kept across steps").toBe(before);
  optimizer.dispose();
  disposeParams(params);
  return { loss: out, kernels };
}

describe.skipIf(nativeReason !== null)("native training with fused kernels", () => {
  for (const file of ["gpt.arch", "swiglu-rmsnorm.arch"]) {
    it(`${file}: fused = unfused losses over ${STEPS} steps`, async () => {
      const tag = `native-fused-${file.replace(/\.arch$/, "")}`;
      const { opt, plain } = await compileBoth(`examples/${file}`, tag);
      const { loss: fused, kernels } = await losses(opt, true);
      const { loss: composed, kernels: composedKernels } = await losses(opt, false);
      const unoptimized = (await losses(plain, true)).loss;
      expect([...kernels]).toContain("ArchcAttentionPackedBwd");
      expect([...kernels]).toContain("ArchcXentBwd");
      expect([...kernels]).toContain("ArchcAdamWAll"); // clipping + AdamW in one call
      expect([...kernels]).toContain("ArchcAddNormFwd"); // fuseAddNorm: residual add + norm
      expect([...kernels]).toContain("ArchcAddNormBwd");
      expect([...composedKernels]).not.toContain("ArchcAddNormFwd");
      expect([...composedKernels]).not.toContain("ArchcAdamWAll");
      // the MLP's GELU, SwiGLU's silu gate: the linear's epilogue (bias + activation) fused
      expect([...kernels]).toContain("ArchcLinearActBwd");
      expect([...composedKernels]).not.toContain("ArchcLinearActFwd");
      console.log(
        `${file} (native): fused ${fused.join(", ")}; unoptimized ${unoptimized.join(", ")}`,
      );
      expect(fused[STEPS - 1]).toBeLessThan(fused[0]!);
      for (let i = 0; i < STEPS; i++) {
        expect(Math.abs(fused[i]! - composed[i]!), `step ${i} vs composed`).toBeLessThan(
          1e-5 * composed[i]!,
        );
        expect(Math.abs(fused[i]! - unoptimized[i]!), `step ${i} vs unoptimized`).toBeLessThan(
          1e-5 * unoptimized[i]!,
        );
      }
    });
  }
});
