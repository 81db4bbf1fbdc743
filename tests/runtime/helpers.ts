// Test helpers for the runtime: a Keras run_layer_test-style contract check, a training step,
// seeded normal tensors and tensor comparisons.
import { expect } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  adamw,
  createParams,
  disposeParams,
  type Optimizer,
  type ParamInit,
  type Params,
} from "../../runtime/index.ts";

/** A ParamInit with normal(std) init and decay. */
export function P(
  name: string,
  shape: number[],
  init: ParamInit["init"] = { kind: "normal", std: 0.2 },
  decay = true,
): ParamInit {
  return { name, shape, init, decay };
}

/** One optimisation step of `loss` over every parameter; returns the loss before the step. */
export function trainStep(
  params: Params,
  loss: () => tf.Scalar,
  opt: Optimizer,
  lr: number,
): number {
  const byVar = new Map([...params].map(([n, v]) => [v.name, n] as const));
  const { value, grads } = tf.variableGrads(loss, [...params.values()]);
  const named = new Map(Object.entries(grads).map(([k, g]) => [byVar.get(k)!, g] as const));
  opt.apply(params, named, lr);
  const l = value.dataSync()[0]!;
  value.dispose();
  tf.dispose(Object.values(grads));
  return l;
}

/** A seeded standard-normal float32 tensor. */
export function randn(shape: number[], seed: number): tf.Tensor {
  return tf.randomNormal(shape, 0, 1, "float32", seed);
}

export function maxAbsDiff(a: tf.Tensor, b: tf.Tensor): number {
  return tf.tidy(() => tf.max(tf.abs(tf.sub(a, b))).dataSync()[0]!);
}

export function expectClose(a: tf.Tensor, b: tf.Tensor, tol = 1e-5): void {
  expect(a.shape).toEqual(b.shape);
  expect(maxAbsDiff(a, b)).toBeLessThanOrEqual(tol);
}

export interface LayerCase {
  readonly params: readonly ParamInit[];
  /** Builds the (fixed) input; the helper disposes it. */
  readonly input: () => tf.Tensor;
  readonly forward: (p: Params, x: tf.Tensor) => tf.Tensor;
  readonly outputShape: readonly number[];
  /** Parameters allowed to receive no gradient (hash routing has none to miss, top-1 gates are constant…). */
  readonly noGrad?: readonly string[];
  readonly lr?: number;
  readonly seed?: number;
}

/**
 * The layer contract: output shape; a non-null, finite gradient for every parameter; one AdamW step
 * lowers an MSE loss to a fixed random target; tf.memory().numTensors unchanged by a step.
 */
export function checkLayerContract(c: LayerCase): void {
  const params = createParams(c.params, c.seed ?? 1);
  const x = c.input();
  const target = tf.randomNormal([...c.outputShape], 0, 1, "float32", 7);
  const loss = (): tf.Scalar =>
    tf.tidy(() => tf.mean(tf.square(tf.sub(c.forward(params, x), target))) as tf.Scalar);
  try {
    const y = tf.tidy(() => c.forward(params, x));
    expect(y.shape).toEqual(c.outputShape);
    expect(Number.isFinite(tf.sum(y).dataSync()[0])).toBe(true);
    y.dispose();

    const vars = [...params.values()];
    const { value, grads } = tf.variableGrads(loss, vars);
    for (const [name, v] of params) {
      if (c.noGrad?.includes(name)) continue;
      const g = grads[v.name];
      expect(g, `gradient of ${name}`).toBeDefined();
      expect(
        Number.isFinite(tf.tidy(() => tf.sum(tf.abs(g!))).dataSync()[0]),
        `finite gradient of ${name}`,
      ).toBe(true);
    }
    value.dispose();
    tf.dispose(Object.values(grads));

    const opt = adamw({ lr: c.lr ?? 1e-2, weightDecay: 0, decay: new Set() });
    const l0 = trainStep(params, loss, opt, c.lr ?? 1e-2); // creates optimizer state and caches
    const before = tf.memory().numTensors;
    trainStep(params, loss, opt, c.lr ?? 1e-2);
    expect(tf.memory().numTensors).toBe(before);
    const l2 = tf.tidy(() => loss().dataSync()[0]!);
    expect(l2).toBeLessThan(l0);
    opt.dispose();
  } finally {
    disposeParams(params);
    x.dispose();
    target.dispose();
  }
}
