// Random small models (fast-check): attention with GQA/MQA and with or without biases, relu /
// sigmoid / gelu / silu FFNs with constant-factor chains, identity activations, p = 0 dropout,
// a shared norm applied twice to one input, MoE layers — every pass gets something to rewrite.
// The optimized and unoptimized programs agree on logits and gradients within TOL.
import * as tf from "../../runtime/tf.ts";
import fc from "fast-check";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, expect, it } from "vitest";
import { REPO } from "../codegen/support.ts";
import { compare, compileBoth, TOL } from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

interface Config {
  readonly heads: number;
  readonly kv: number;
  readonly dh: number;
  readonly bias: boolean;
  readonly act: "relu" | "sigmoid" | "gelu" | "silu";
  readonly factors: readonly [number, number];
  readonly norm: "layernorm" | "rmsnorm";
  readonly layers: number;
  readonly twin: boolean;
  readonly moe: boolean;
}

const config: fc.Arbitrary<Config> = fc
  .record({
    heads: fc.constantFrom(1, 2, 4),
    kvDiv: fc.constantFrom(1, 2),
    dh: fc.constantFrom(2, 4),
    bias: fc.boolean(),
    act: fc.constantFrom("relu" as const, "sigmoid" as const, "gelu" as const, "silu" as const),
    factors: fc.tuple(fc.constantFrom(1, 0.5, 2), fc.constantFrom(1, 3)),
    norm: fc.constantFrom("layernorm" as const, "rmsnorm" as const),
    layers: fc.integer({ min: 1, max: 2 }),
    twin: fc.boolean(),
    moe: fc.boolean(),
  })
  .map(({ kvDiv, ...c }) => ({ ...c, kv: Math.max(1, c.heads / kvDiv) }));

/** The .arch text of a configuration. */
export function source(c: Config): string {
  const d = c.heads * c.dh;
  const ffn = c.moe ? `moe(experts: 2, top_k: 1, router: switch) { Ffn(d) }` : "Ffn(d)";
  return `const vocab = 24
const d = ${d}
const ctx = 8

block Attn(d: int, heads: int, kv: int) {
  q = Linear(d, d, bias: ${c.bias})(x)
  k = Linear(d, kv * (d / heads), bias: ${c.bias})(x)
  v = Linear(d, kv * (d / heads), bias: ${c.bias})(x)
  return Linear(d, d)(attend(q, k, v, heads: heads, kv_heads: kv, causal: true))
}

block Ffn(d: int) {
  h = ${c.act}(Linear(d, 2 * d, bias: ${c.bias})(x))
  return Dropout(0.0)(Linear(2 * d, d)(scale(scale(identity(h), ${c.factors[0]}), ${c.factors[1]})))
}

block Twin(d: int) {
  share ln = ${c.norm === "layernorm" ? "LayerNorm" : "RMSNorm"}(d)
  a = ln(x)
  b = ln(x)
  return a + b
}

model M {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(vocab, d) + LearnedPositions(ctx, d)
  repeat ${c.layers} {
    residual(pre, ${c.norm}) { Attn(d, ${c.heads}, ${c.kv}) }
    residual(pre, ${c.norm}) { ${ffn} }
  }
${c.twin ? "  Twin(d)\n" : ""}  norm ${c.norm}
  head tied
}
`;
}

it("random small models: optimized = unoptimized (logits, gradients)", async () => {
  const dir = join(REPO, "out", "tests", "passes", "random");
  mkdirSync(dir, { recursive: true });
  let run = 0;
  await fc.assert(
    fc.asyncProperty(config, async (c) => {
      const tag = `random/m${run++}`;
      const file = join(dir, `m${run}.arch`);
      writeFileSync(file, source(c));
      const { opt, plain } = await compileBoth(file, tag);
      const r = compare(opt, plain);
      expect(r.logits, `logits of ${JSON.stringify(c)}`).toBeLessThanOrEqual(TOL);
      expect(r.grads, `gradient of ${r.worstParam} in ${JSON.stringify(c)}`).toBeLessThanOrEqual(
        TOL,
      );
    }),
    { numRuns: 6, seed: 20261127 },
  );
});
