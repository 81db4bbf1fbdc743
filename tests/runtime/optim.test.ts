// AdamW against tf.train.adam, decoupled decay, state round trip; clipping; schedules; seeded init.
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  AdamW,
  clipByGlobalNorm,
  createParams,
  disposeParams,
  initValues,
  learningRate,
  type ParamInit,
} from "../../runtime/index.ts";
import { expectClose } from "./helpers.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

const cfg = {
  lr: 0.01,
  beta1: 0.9,
  beta2: 0.99,
  eps: 1e-6,
  weightDecay: 0,
  decay: new Set<string>(),
};

describe("AdamW", () => {
  it("with λ = 0 equals tf.train.adam over several steps", () => {
    const a = tf.variable(tf.randomNormal([3, 4], 0, 1, "float32", 1));
    const b = tf.variable(a.clone());
    const params = new Map([["w", a]]);
    const ours = new AdamW(cfg);
    const ref = tf.train.adam(cfg.lr, cfg.beta1, cfg.beta2, cfg.eps);
    for (let s = 0; s < 5; s++) {
      const g = tf.randomNormal([3, 4], 0, 1, "float32", 10 + s);
      ours.apply(params, new Map([["w", g]]), cfg.lr);
      ref.applyGradients([{ name: b.name, tensor: g }]);
      g.dispose();
    }
    expectClose(a, b, 1e-5);
    ours.dispose();
    ref.dispose();
    tf.dispose([a, b]);
  });

  it("decays only the names in `decay`, decoupled from the gradient (PyTorch form)", () => {
    const w = tf.variable(tf.fill([2], 2));
    const n = tf.variable(tf.fill([2], 2));
    const opt = new AdamW({ ...cfg, weightDecay: 0.1, decay: new Set(["w"]) });
    opt.apply(
      new Map([
        ["w", w],
        ["n", n],
      ]),
      new Map([
        ["w", tf.zeros([2])],
        ["n", tf.zeros([2])],
      ]),
      0.5,
    );
    expectClose(w, tf.fill([2], 2 * (1 - 0.5 * 0.1)), 1e-6);
    expectClose(n, tf.fill([2], 2), 0);
    opt.dispose();
    tf.dispose([w, n]);
  });

  it("matches the PyTorch AdamW formula by hand (constant gradient: m̂ = g, v̂ = g²)", () => {
    const w = tf.variable(tf.tensor1d([1, -2]));
    const g = tf.tensor1d([0.5, -0.1]);
    const opt = new AdamW({ ...cfg, eps: 1e-8, weightDecay: 0.2, decay: new Set(["w"]) });
    opt.apply(new Map([["w", w]]), new Map([["w", g]]), 0.1);
    expectClose(w, tf.tensor1d([1 * 0.98 - 0.1, -2 * 0.98 + 0.1]), 1e-6);
    opt.apply(new Map([["w", w]]), new Map([["w", g]]), 0.1);
    expectClose(w, tf.tensor1d([0.88 * 0.98 - 0.1, -1.86 * 0.98 + 0.1]), 1e-6);
    opt.dispose();
    tf.dispose([w, g]);
  });

  it("getState/setState round trip continues identically; apply leaks nothing", () => {
    const mk = (): tf.Variable => tf.variable(tf.tensor1d([1, -1, 0.5]));
    const [a, b] = [mk(), mk()];
    const g = tf.tensor1d([0.3, -0.2, 0.1]);
    const o1 = new AdamW(cfg);
    for (let i = 0; i < 3; i++) o1.apply(new Map([["p", a]]), new Map([["p", g]]), 0.01);
    b.assign(a);
    const o2 = new AdamW(cfg);
    o2.setState(o1.getState());
    expect(o2.iterations).toBe(3);
    const before = tf.memory().numTensors;
    o1.apply(new Map([["p", a]]), new Map([["p", g]]), 0.01);
    expect(tf.memory().numTensors).toBe(before);
    o2.apply(new Map([["p", b]]), new Map([["p", g]]), 0.01);
    expectClose(a, b, 0);
    o1.dispose();
    o2.dispose();
    tf.dispose([a, b, g]);
  });
});

describe("clipping and schedules", () => {
  it("clipByGlobalNorm returns the norm and scales to maxNorm", () => {
    const grads = new Map([
      ["a", tf.tensor1d([3, 0])],
      ["b", tf.tensor1d([0, 4])],
    ]);
    const { grads: c, norm } = clipByGlobalNorm(grads, 1);
    expect(norm.dataSync()[0]).toBeCloseTo(5, 5);
    expect(c.get("a")!.dataSync()[0]).toBeCloseTo(0.6, 5);
    expect(c.get("b")!.dataSync()[1]).toBeCloseTo(0.8, 5);
    const { grads: same } = clipByGlobalNorm(grads, 10);
    expectClose(same.get("a")!, grads.get("a")!, 0);
    tf.dispose([...grads.values(), ...c.values(), ...same.values(), norm]);
  });

  it("schedules at known steps", () => {
    expect(learningRate({ kind: "constant" }, 0.1, 57, 100)).toBe(0.1);
    const lin = { kind: "warmup_linear", warmup: 10 } as const;
    expect(learningRate(lin, 1, 0, 110)).toBeCloseTo(0.1);
    expect(learningRate(lin, 1, 9, 110)).toBeCloseTo(1);
    expect(learningRate(lin, 1, 60, 110)).toBeCloseTo(0.5);
    expect(learningRate(lin, 1, 110, 110)).toBeCloseTo(0);
    const cos = { kind: "warmup_cosine", warmup: 10, minLr: 0.1 } as const;
    expect(learningRate(cos, 1, 4, 110)).toBeCloseTo(0.5);
    expect(learningRate(cos, 1, 10, 110)).toBeCloseTo(1);
    expect(learningRate(cos, 1, 60, 110)).toBeCloseTo(0.55);
    expect(learningRate(cos, 1, 110, 110)).toBeCloseTo(0.1);
    expect(learningRate(cos, 1, 500, 110)).toBeCloseTo(0.1);
  });
});

describe("init", () => {
  const a: ParamInit = {
    name: "blocks.0.w",
    shape: [64, 32],
    init: { kind: "normal", std: 0.02 },
    decay: true,
  };
  const b: ParamInit = {
    name: "blocks.1.w",
    shape: [64, 32],
    init: { kind: "normal", std: 0.02 },
    decay: true,
  };

  it("values depend only on (seed, name, shape), not on creation order", () => {
    const p1 = createParams([a, b], 5);
    const p2 = createParams([b, a], 5);
    expectClose(p1.get("blocks.0.w")!, p2.get("blocks.0.w")!, 0);
    expect(
      tf.tidy(
        () => tf.max(tf.abs(tf.sub(p1.get("blocks.0.w")!, p1.get("blocks.1.w")!))).dataSync()[0],
      ),
    ).toBeGreaterThan(0);
    const p3 = createParams([a], 6);
    expect(
      tf.tidy(
        () => tf.max(tf.abs(tf.sub(p1.get("blocks.0.w")!, p3.get("blocks.0.w")!))).dataSync()[0],
      ),
    ).toBeGreaterThan(0);
    [p1, p2, p3].forEach(disposeParams);
  });

  it("initializers have the stated statistics", () => {
    const std = (v: Float32Array): number => Math.sqrt(v.reduce((s, x) => s + x * x, 0) / v.length);
    expect(std(initValues({ kind: "normal", std: 0.02 }, [100, 100], 1))).toBeCloseTo(0.02, 3);
    expect(std(initValues({ kind: "xavierNormal", gain: 2 }, [100, 300], 1))).toBeCloseTo(
      2 * Math.sqrt(2 / 400),
      2,
    );
    const u = initValues({ kind: "uniform", limit: 0.5 }, [1000], 1);
    expect(Math.max(...u)).toBeLessThanOrEqual(0.5);
    expect(Math.min(...u)).toBeGreaterThanOrEqual(-0.5);
    expect([...initValues({ kind: "oneHotLast" }, [4], 1)]).toEqual([0, 0, 0, 1]);
    expect([...initValues({ kind: "ones" }, [2], 1)]).toEqual([1, 1]);
  });
});
