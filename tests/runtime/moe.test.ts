// MoE routing invariants (constructs.md §7, §11.2) and dense vs dispatch agreement, on the MoE path
// generated programs call (moeGates, moeCombine, moeDispatchExpert/moeCombineSlots: moe-layer.ts).
import { beforeAll, describe, expect, it } from "vitest";
import * as tf from "../../runtime/tf.ts";
import {
  createParams,
  disposeParams,
  gelu,
  hashTable,
  linear,
  routeExpertChoice,
  routeHash,
  routeSwitch,
  routeTopK,
  type Routing,
} from "../../runtime/index.ts";
import { expectClose, P } from "./helpers.ts";
import { mixExperts, moeLayer, type Expert, type MoeLayerOptions } from "./moe-layer.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
  await tf.ready();
});

const rand = (shape: number[], seed: number): tf.Tensor =>
  tf.randomNormal(shape, 0, 1, "float32", seed);
const disposeRouting = (r: Routing): void =>
  tf.dispose([r.gates, r.mask, ...(r.aux ? [r.aux] : [])]);

function ffnExperts(
  E: number,
  d: number,
  seed: number,
): { experts: Expert[]; dispose: () => void } {
  const inits = Array.from({ length: E }, (_, e) => [
    P(`e${e}.w1`, [d, 2 * d]),
    P(`e${e}.w2`, [2 * d, d]),
  ]).flat();
  const p = createParams(inits, seed);
  const experts = Array.from(
    { length: E },
    (_, e) => (x: tf.Tensor) => linear(gelu(linear(x, p.get(`e${e}.w1`)!)), p.get(`e${e}.w2`)!),
  );
  return { experts, dispose: () => disposeParams(p) };
}

describe("routers", () => {
  it("top-k: exactly k non-zero gates per token, summing to 1", () => {
    const r = routeTopK(rand([10, 5], 1), 2);
    const g = r.gates.arraySync();
    for (const row of g) {
      expect(row.filter((v) => v !== 0).length).toBe(2);
      expect(row.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    }
    disposeRouting(r);
  });

  it("Switch balance loss equals α for perfectly uniform routing", () => {
    const E = 4;
    const r = routeSwitch(tf.mul(tf.eye(E), 3), 1, 0.01); // token i prefers expert i, symmetric probabilities
    expect(r.aux!.dataSync()[0]).toBeCloseTo(0.01, 7);
    disposeRouting(r);
  });

  it("Switch capacity: overflow tokens get no expert and pass through with output 0", () => {
    const logits = tf.tensor2d([
      [5, 0],
      [5, 0],
      [5, 0],
      [5, 0],
      [0, 5],
      [0, 5],
    ]); // 4 tokens want expert 0
    const r = routeSwitch(logits, 1, 0.01); // capacity ⌈1·6/2⌉ = 3
    expect(r.capacity).toBe(3);
    expect(r.mask.arraySync()).toEqual([
      [1, 0],
      [1, 0],
      [1, 0],
      [0, 0],
      [0, 1],
      [0, 1],
    ]);
    const { experts, dispose } = ffnExperts(2, 3, 2);
    const slots = { router: "switch", experts: 2, topK: 1, capacity: 1 } as const;
    const y = mixExperts(rand([6, 3], 3), r.gates, experts, slots, "dispatch");
    expect(y.slice([3, 0], [1, 3]).abs().max().dataSync()[0]).toBe(0);
    dispose();
    disposeRouting(r);
  });

  it("expert choice: every expert gets exactly k tokens", () => {
    for (const seed of [1, 2, 3]) {
      const r = routeExpertChoice(rand([12, 3], seed), 1); // k = 12·1/3 = 4
      expect(r.capacity).toBe(4);
      expect([...tf.sum(r.mask, 0).dataSync()]).toEqual([4, 4, 4]);
      disposeRouting(r);
    }
  });

  it("hash routing is a pure function of the token id", () => {
    const table = hashTable(50, 4, 9);
    const counts = [0, 0, 0, 0];
    table.forEach((e) => counts[e]!++);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1); // balanced
    const a = routeHash(
      tf.tensor2d(
        [
          [3, 7, 3],
          [9, 3, 7],
        ],
        [2, 3],
        "int32",
      ),
      table,
      4,
    );
    const m = a.mask.arraySync();
    expect(m[0]).toEqual(m[2]);
    expect(m[0]).toEqual(m[4]);
    expect(m[1]).toEqual(m[5]);
    expect(m[0]![table[3]!]).toBe(1);
    disposeRouting(a);
  });
});

describe("combinators", () => {
  const cases: [string, MoeLayerOptions][] = [
    ["top-2", { router: "softmax", topK: 2, capacity: 2 }], // 2 = E/k: room for every token
    ["top-1 with capacity", { router: "softmax", topK: 1, capacity: 1 }],
    ["switch", { router: "switch", capacity: 1.25 }],
    ["expert choice", { router: "expert_choice", capacity: 2 }],
  ];
  for (const [name, o] of cases) {
    it(`the dense strategy equals dispatch (${name})`, () => {
      tf.tidy(() => {
        const { experts, dispose } = ffnExperts(4, 6, 4);
        const x = rand([16, 6], 5);
        const rk = rand([6, 4], 6);
        expectClose(
          moeLayer(x, rk, experts, { ...o, strategy: "dense" }),
          moeLayer(x, rk, experts, { ...o, strategy: "dispatch" }),
          1e-5,
        );
        dispose();
      });
    });
  }

  it("one expert equals the dense FFN, for every router", () => {
    tf.tidy(() => {
      const { experts, dispose } = ffnExperts(1, 4, 7);
      const x = rand([2, 5, 4], 8);
      const dense = experts[0]!(x.reshape([10, 4]) as tf.Tensor2D).reshape([2, 5, 4]);
      const rk = rand([4, 1], 9);
      const tokens = tf.tensor2d(
        [
          [1, 2, 3, 4, 5],
          [5, 4, 3, 2, 1],
        ],
        [2, 5],
        "int32",
      );
      expectClose(
        moeLayer(x, rk, experts, { router: "softmax", topK: 1, capacity: 1 }),
        dense,
        1e-5,
      );
      expectClose(moeLayer(x, rk, experts, { router: "switch", capacity: 1 }), dense, 1e-5);
      expectClose(moeLayer(x, rk, experts, { router: "expert_choice", capacity: 1 }), dense, 1e-5);
      expectClose(
        moeLayer(x, null, experts, { router: "hash", tokens, vocab: 8, hashSeed: 0 }),
        dense,
        1e-5,
      );
      dispose();
    });
  });

  it("reports the balance loss and expert load to the aux sink while training", () => {
    tf.tidy(() => {
      const { experts, dispose } = ffnExperts(2, 4, 10);
      const losses: string[] = [];
      const stats: string[] = [];
      const aux = { addLoss: (n: string) => losses.push(n), addStat: (n: string) => stats.push(n) };
      moeLayer(rand([3, 4], 11), rand([4, 2], 12), experts, {
        router: "switch",
        ctx: { training: true, aux },
        name: "b0.moe",
      });
      moeLayer(rand([3, 4], 11), rand([4, 2], 12), experts, {
        router: "switch",
        ctx: { training: false, aux },
      });
      expect(losses).toEqual(["b0.moe.balance"]);
      expect(stats).toEqual(["b0.moe.load"]);
      dispose();
    });
  });
});
