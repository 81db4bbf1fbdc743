// Growth's masking choices beyond MSG's definition (docs/growth.md), checked against a formula
// written here: a mask c on a projection's new output units is the same as multiplying those units'
// kernel columns by c, and a mask on a head's output is the same as multiplying that head's input
// rows of W_O by c. So at any step, the masked stage with parameters P must give the logits of the
// plain grown model with P rescaled that way:
// - SwiGLU `ffn` growth masks gate and up: a new unit j computes silu(c·g_j)·(c·u_j);
// - multi-query `heads` growth masks the new heads' q and their outputs (k, v are shared):
//   head_j = c · softmax(c·q_j·kᵀ/√dh) v.
// Each at c = 0, 0 < c < 1 and c = 1; and a wrong choice (up only, or outputs only) is told apart.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import type { CompiledModel, Params } from "../../runtime/model.ts";
import { NO_AUX } from "../../runtime/train/evaluate.ts";
import { compileArch, CTX, plainStage, randomBatch, tinyText, writeArch } from "./support.ts";

const STEP = 3;
const RAMP = 4;
/** step → c = clamp((step − STEP) / RAMP, 0, 1) */
const STEPS: ReadonlyArray<readonly [number, number]> = [
  [STEP, 0],
  [STEP + 1, 0.25],
  [STEP + 3, 0.75],
  [STEP + RAMP, 1],
];

const llama = (attention: string): string =>
  [
    "import std.attention.{CausalSelfAttention}",
    "import std.ffn.{Swiglu}",
    "block Llama(d: int) {",
    `  residual(pre, rmsnorm) { ${attention} }`,
    "  residual(pre, rmsnorm) { Swiglu(d, 32) }",
    "}",
  ].join("\n");

beforeAll(async () => {
  await tf.setBackend("cpu");
});

/** Seeded random parameters of `model` (norm scales near 1, everything else N(0, 0.3²)). */
function randomParams(model: CompiledModel): Map<string, tf.Variable> {
  return new Map(
    model.params.map((p, i) => {
      const mean = p.name.endsWith(".scale") ? 1 : 0;
      const t = tf.randomNormal([...p.shape], mean, 0.3, "float32", 11 + i);
      const v = tf.variable(t, false, `mask-test-${p.name}-${i}`);
      t.dispose();
      return [p.name, v] as const;
    }),
  );
}

let made = 0;

/** `params` with, for each rule, the slice from `from` on along `axis` multiplied by `c`. */
function rescaled(
  params: Params,
  rules: ReadonlyArray<{ readonly suffix: string; readonly axis: 0 | 1; readonly from: number }>,
  c: number,
): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  for (const [name, v] of params) {
    const rule = rules.find((r) => name.endsWith(r.suffix));
    const t = tf.tidy(() => {
      if (rule === undefined) return v.clone();
      // kernel [in, out]: scale rows (axis 0) or columns (axis 1) from `from` on
      const n = v.shape[rule.axis]!;
      const m = tf.concat([tf.ones([rule.from]), tf.fill([n - rule.from], c)]);
      return tf.mul(v, rule.axis === 0 ? m.reshape([n, 1]) : m.reshape([1, n]));
    });
    out.set(name, tf.variable(t, false, `${name}-rescaled-${++made}`));
    t.dispose();
  }
  return out;
}

async function logits(model: CompiledModel, params: Params, step: number): Promise<Float32Array> {
  const batch = randomBatch(7);
  const t = tf.tidy(() => {
    const all = tf.tensor2d(batch.tokens, [batch.batch, batch.width], "int32");
    const x = all.slice([0, 0], [batch.batch, CTX]) as tf.Tensor2D;
    return model.forward(params, x, { training: false, step, aux: NO_AUX, seed: 0 });
  });
  const data = (await t.data()) as Float32Array;
  t.dispose();
  return data;
}

const maxDiff = (a: Float32Array, b: Float32Array): number =>
  a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i]!)), 0);

const dispose = (p: Map<string, tf.Variable>): void => p.forEach((v) => v.dispose());

interface Case {
  readonly name: string;
  readonly attention: string;
  readonly event: string;
  /** The choice docs/growth.md states, as kernel rescalings. */
  readonly rules: Parameters<typeof rescaled>[1];
  /** A plausible other choice that must give different logits for 0 < c < 1. */
  readonly wrong: Parameters<typeof rescaled>[1];
}

const CASES: readonly Case[] = [
  {
    name: "SwiGLU ffn 32 → 48: gate and up masked, silu(c·g)·(c·u)",
    attention: "CausalSelfAttention(d, 2, bias: false)",
    event: "ffn 32 -> 48",
    rules: [
      { suffix: "swiglu.g.kernel", axis: 1, from: 32 },
      { suffix: "swiglu.u.kernel", axis: 1, from: 32 },
    ],
    wrong: [{ suffix: "swiglu.u.kernel", axis: 1, from: 32 }],
  },
  {
    name: "multi-query heads 4 → 6: new heads' q and outputs masked",
    attention: "CausalSelfAttention(d, 4, kv_heads: 1, bias: false)",
    event: "heads 4 -> 6",
    // d 16, 4 heads of 4: the new heads are q's columns 16… and W_O's rows 16…
    rules: [
      { suffix: "causal_self_attention.q.kernel", axis: 1, from: 16 },
      { suffix: "causal_self_attention.out.kernel", axis: 0, from: 16 },
    ],
    wrong: [{ suffix: "causal_self_attention.out.kernel", axis: 0, from: 16 }],
  },
];

describe("growth masks match their written formula", () => {
  CASES.forEach((k, i) => {
    it(
      k.name,
      async () => {
        const file = `masks-${i}`;
        const text = tinyText({
          prelude: llama(k.attention),
          block: "Llama(d)",
          norm: "rmsnorm",
          event: `at step ${STEP}: ${k.event} masked over ${RAMP} steps`,
        });
        const path = writeArch(file, text);
        const { model } = await compileArch(file, path);
        const stage = model.grow!.stages[0]!.model;
        const plain = await plainStage(file, path, 1);
        const params = randomParams(stage);
        for (const [step, c] of STEPS) {
          const masked = await logits(stage, params, step);
          const want = rescaled(params, k.rules, c);
          const expected = await logits(plain, want, step);
          dispose(want);
          expect(maxDiff(masked, expected), `c = ${c}`).toBeLessThan(1e-5);
          if (c > 0 && c < 1) {
            const other = rescaled(params, k.wrong, c);
            const otherLogits = await logits(plain, other, step);
            dispose(other);
            expect(maxDiff(masked, otherLogits), `wrong choice at c = ${c}`).toBeGreaterThan(1e-3);
          }
        }
        dispose(params);
      },
      60_000,
    );
  });
});
