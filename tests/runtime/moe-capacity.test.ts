// MoE balance loss and capacity order (issue 15 items 1 and 2): one balance loss for every learned
// router with fᵢ counted before the capacity cut (uniform routing gives α for every k), and
// rank-major capacity slots (every first choice before any second choice, GShard).
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import { moeGates, routeTopK, type ForwardContext, type GateOptions } from "../../runtime/index.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

/** N = reps·E tokens whose logits are circulant: token t's r-th choice is expert (t + r) mod E. */
function circulant(E: number, reps: number): tf.Tensor2D {
  const rows = Array.from({ length: reps * E }, (_, t) =>
    Array.from({ length: E }, (_, j) => 3 - 0.25 * ((j - (t % E) + E) % E)),
  );
  return tf.tensor2d(rows);
}

/** The balance loss moeGates reports while training, for logits x (router kernel = identity). */
function reportedBalance(x: tf.Tensor2D, o: Omit<GateOptions, "experts" | "name">): number {
  const E = x.shape[1];
  let value = NaN;
  const ctx: ForwardContext = {
    training: true,
    step: 0,
    seed: 0,
    aux: {
      addLoss: (_n, t) => (value = t.dataSync()[0]!),
      addStat: () => undefined,
    },
  };
  tf.tidy(() => moeGates(x, tf.eye(E), { ...o, experts: E, name: "moe" }, ctx));
  return value;
}

describe("balance loss (one definition, fᵢ before the capacity cut)", () => {
  const E = 8;
  const alpha = 0.01;
  for (const k of [1, 2, 4]) {
    it(`uniform top-${k} routing gives α, also when capacity drops half the assignments`, () => {
      const x = circulant(E, 2); // 16 tokens, each expert chosen by 2k of them
      for (const capacity of [4, 0.5]) {
        // capacity 0.5: ⌈0.5·16·k/8⌉ = k slots for 2k assignments per expert
        const aux = reportedBalance(x, { router: "softmax", topK: k, capacity, balance: alpha });
        expect(aux, `capacity ${capacity}`).toBeCloseTo(alpha, 7);
      }
      x.dispose();
    });
  }

  it("switch routing uses the same definition: α for uniform routing under a capacity cut", () => {
    const x = circulant(E, 2);
    const aux = reportedBalance(x, { router: "switch", topK: 1, capacity: 0.5, balance: alpha });
    expect(aux).toBeCloseTo(alpha, 7);
    x.dispose();
  });

  it("all tokens on one expert give α·E·P₀ (fᵢ counted before the cut)", () => {
    const x = tf.tensor2d(Array.from({ length: 8 }, () => [2, 0, 0, 0]));
    const p0 = Math.exp(2) / (Math.exp(2) + 3);
    // top-1, capacity ⌈1·8/4⌉ = 2 keeps 2 of 8: after the cut f₀ would be 1/4, before it is 1
    const aux = reportedBalance(x, { router: "softmax", topK: 1, capacity: 1, balance: alpha });
    expect(aux).toBeCloseTo(alpha * 4 * p0, 7);
    x.dispose();
  });

  it("adds no balance loss outside training; a tidy around it keeps no tensor", () => {
    const x = circulant(4, 1);
    const kernel = tf.eye(4);
    const before = tf.memory().numTensors;
    const losses: string[] = [];
    const ctx: ForwardContext = {
      training: false,
      step: 0,
      seed: 0,
      aux: { addLoss: (n) => losses.push(n), addStat: () => undefined },
    };
    const o = { router: "softmax", experts: 4, topK: 2, capacity: 1, balance: 0.01 } as const;
    tf.dispose(tf.tidy(() => moeGates(x, kernel, { ...o, name: "m" }, ctx)));
    expect(losses).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, kernel]);
  });
});

describe("capacity slots are filled rank-major", () => {
  it("a later token's first choice beats an earlier token's second choice", () => {
    // E 3, k 2, capacity ⌈0.75·2·2/3⌉ = 1 slot per expert.
    // token 0: first e0, second e1; token 1: first e1, second e2.
    // token-major would give e1 to token 0 (its second choice, seen first): [[1,1,0],[0,0,1]].
    const logits = tf.tensor2d([
      [3, 2, 0],
      [0, 3, 2],
    ]);
    const r = routeTopK(logits, 2, 0.75);
    expect(r.capacity).toBe(1);
    expect(r.mask.arraySync()).toEqual([
      [1, 0, 0],
      [0, 1, 1],
    ]);
    const g = r.gates.arraySync();
    expect(g[0]![1]).toBe(0); // token 0 lost its second choice
    expect(g[1]![1]).toBeGreaterThan(0.5); // token 1 kept its first choice, with its top-2 gate
    tf.dispose([logits, r.gates, r.mask]);
  });

  it("within a rank, earlier tokens come first", () => {
    const logits = tf.tensor2d([
      [3, 0],
      [3, 0],
      [3, 0],
    ]);
    const r = routeTopK(logits, 1, 1); // capacity ⌈1·3·1/2⌉ = 2
    expect(r.mask.arraySync()).toEqual([
      [1, 0],
      [1, 0],
      [0, 0],
    ]);
    tf.dispose([logits, r.gates, r.mask]);
  });
});
