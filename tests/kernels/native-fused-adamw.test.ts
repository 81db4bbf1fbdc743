// The native optimizer step in one kernel call (runtime/optim/adamw-all.ts: global-norm clipping
// and AdamW over every parameter, native/src/optim.cc's sumSquares and adamwScaled): over 3 steps
// AdamW.applyClipped on `native` gives the same parameters, moments and norms as clipByGlobalNorm +
// AdamW.apply on stock `cpu`, with clipping active, inactive and disabled, zero gradients, odd
// sizes and decayed and non-decayed parameters; it keeps no tensors; with ARCHC_NATIVE_FUSED=off
// or on cpu it does nothing (null: no step counted, no moments created) and the composed path runs.
import * as tf from "../../runtime/tf.ts";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import type { Params } from "../../runtime/model.ts";
import { AdamW } from "../../runtime/optim/adamw.ts";
import { clipByGlobalNorm } from "../../runtime/optim/clip.ts";
import { rand, relErr } from "./helpers.ts";
import { nativeReason } from "./native-helpers.ts";

/**
 * Native and composed cpu differ only in the norm's rounding: cpu rounds each g², each tensor's sum
 * and the running total to float32 (~1e-7 relative each), native sums in double in 16 lanes
 * (optim.cc sumSquares) and rounds once; the clipping factor from the norm may so differ in its
 * last float32 bit, and the update after it is the same float32 arithmetic on both. A few float32
 * ulps apart; 1e-5 leaves room for the 3 steps' compounding.
 */
const TOL = 1e-5;
const STEPS = 3;
/** Odd sizes, a scalar-like one, and one past the buffer pool's minimum (1024 floats). */
const SHAPES: Record<string, number[]> = { w: [7, 13], b: [1], e: [33, 37], s: [5] };
const DECAY = new Set(["w", "e"]);

afterEach(() => {
  delete process.env["ARCHC_NATIVE_FUSED"];
});
afterAll(async () => {
  await tf.setBackend("cpu");
});

interface Run {
  norms: number[];
  /** Final p, m, v of each parameter (m, v from getState). */
  values: Record<string, Float32Array[]>;
  /** Whether applyClipped ran (non-null) at every step. */
  fused: boolean;
}

/** STEPS AdamW steps with gradients scaled by `gradScale` (seeded) on `backend`. */
async function train(backend: string, maxNorm: number, gradScale: number): Promise<Run> {
  await tf.setBackend(backend);
  const params: Params = new Map(
    Object.entries(SHAPES).map(([k, s], i) => [k, tf.variable(rand(s, 10 + i), true, `t_${k}`)]),
  );
  const opt = new AdamW({
    lr: 1e-2,
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    weightDecay: 0.1,
    decay: DECAY,
  });
  const norms: number[] = [];
  let fused = true;
  let before = 0;
  for (let step = 0; step < STEPS; step++) {
    if (step === 1) before = tf.memory().numTensors; // after the moments exist
    const norm = tf.tidy(() => {
      const grads = new Map(
        Object.entries(SHAPES).map(([k, s], i) => [k, tf.mul(rand(s, 100 * step + i), gradScale)]),
      );
      const n = opt.applyClipped(params, grads, 1e-2, maxNorm);
      if (n !== null) return n;
      fused = false;
      const { grads: clipped, norm: composed } = clipByGlobalNorm(grads, maxNorm);
      opt.apply(params, clipped, 1e-2);
      for (const g of clipped.values()) g.dispose();
      return composed;
    });
    norms.push(norm.dataSync()[0]!);
    norm.dispose();
    if (step > 0) expect(tf.memory().numTensors, `${backend}: tensors kept`).toBe(before);
  }
  const state = opt.getState();
  const values: Record<string, Float32Array[]> = {};
  for (const [k, p] of params)
    values[k] = [p, state.m.get(k)!, state.v.get(k)!].map((t) => t.dataSync() as Float32Array);
  for (const t of [...state.m.values(), ...state.v.values()]) t.dispose();
  opt.dispose();
  for (const p of params.values()) p.dispose();
  return { norms, values, fused };
}

describe.skipIf(nativeReason !== null)("native AdamW + clipping in one kernel", () => {
  const cases: [string, number, number][] = [
    ["clipping active", 0.5, 1],
    ["clipping inactive", 1e6, 1],
    ["clipping disabled (0)", 0, 1],
    ["clipping disabled (∞)", Infinity, 3],
    ["zero gradients", 1, 0],
  ];
  for (const [label, maxNorm, gradScale] of cases) {
    it(`${label}: native = composed on cpu over ${STEPS} steps`, async () => {
      const want = await train("cpu", maxNorm, gradScale);
      const got = await train("native", maxNorm, gradScale);
      expect(want.fused, "cpu runs the composed path").toBe(false);
      expect(got.fused, "native runs the fused kernel").toBe(true);
      for (let i = 0; i < STEPS; i++)
        expect(Math.abs(got.norms[i]! - want.norms[i]!), `norm ${i}`).toBeLessThanOrEqual(
          TOL * Math.max(want.norms[i]!, 1e-30),
        );
      if (gradScale === 0) expect(got.norms).toEqual([0, 0, 0]);
      if (label === "clipping active") expect(Math.min(...want.norms)).toBeGreaterThan(maxNorm);
      for (const k of Object.keys(SHAPES))
        ["p", "m", "v"].forEach((what, j) => {
          const err = relErr(got.values[k]![j]!, want.values[k]![j]!);
          expect(err, `${k}.${what}`).toBeLessThan(TOL);
        });
    });
  }

  it("ARCHC_NATIVE_FUSED=off: the composed path on native, same result", async () => {
    const fused = await train("native", 0.5, 1);
    process.env["ARCHC_NATIVE_FUSED"] = "off";
    const composed = await train("native", 0.5, 1);
    expect(composed.fused).toBe(false);
    for (const k of Object.keys(SHAPES))
      expect(relErr(fused.values[k]![0]!, composed.values[k]![0]!)).toBeLessThan(TOL);
  });
});

describe("AdamW.applyClipped where the one-call path does not apply", () => {
  const backends = ["cpu", ...(nativeReason === null ? ["native (fused off)"] : [])];
  for (const label of backends)
    it(`${label}: returns null before touching the optimizer (no moments, no step)`, async () => {
      if (label !== "cpu") process.env["ARCHC_NATIVE_FUSED"] = "off";
      await tf.setBackend(label === "cpu" ? "cpu" : "native");
      const params: Params = new Map([["w", tf.variable(rand([3, 4], 1))]]);
      const grads = new Map([["w", rand([3, 4], 2)]]);
      const opt = new AdamW({
        lr: 1e-2,
        beta1: 0.9,
        beta2: 0.95,
        eps: 1e-8,
        weightDecay: 0,
        decay: DECAY,
      });
      const before = tf.memory().numTensors;
      expect(opt.applyClipped(params, grads, 1e-2, 1)).toBeNull();
      expect(tf.memory().numTensors, "tensors made").toBe(before);
      expect(opt.iterations).toBe(0);
      const state = opt.getState();
      expect(state.m.size, "moments").toBe(0);
      tf.dispose([...params.values(), ...grads.values()]);
    });
});
