// RoPE and ALiBi through the real compiler, on cpu: each generated model equals the model written by
// hand from the papers' formulas (GQA included); RoPE is the identity at position 0 and, like ALiBi,
// makes the model depend on offsets only (tokens moved to later positions give the same logits);
// ALiBi's slopes are the paper's for every head count.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import { alibiSlopes, rope } from "../../runtime/ops/positional.ts";
import { A, atOffset, attnSource, handModel, handRope, paperSlopes } from "./attn-support.ts";
import {
  compileInline,
  compileSource,
  context,
  logits,
  lookup,
  maxDiff,
  paramsOf,
  randomizeNorms,
} from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const TOL = 1e-5;
const ROW = [3, 17, 5, 9, 30, 1, 12, 7];
const toks = (row: readonly number[] = ROW): tf.Tensor2D =>
  tf.tensor2d([row as number[]], [1, row.length], "int32");

describe("RoPE", () => {
  it("rotates each head's feature pairs by p·base^(−2i/dh), and is the identity at position 0", () => {
    const x = tf.randomNormal([1, 5, 3 * 4], 0, 1, "float32", 3);
    const rows = (x.arraySync() as number[][][])[0]!;
    for (const offset of [0, 3]) {
      const got = (rope(x, 3, 100, offset).arraySync() as number[][][])[0]!;
      expect(maxDiff(got.flat(), handRope(rows, 3, 100, offset).flat())).toBeLessThan(1e-5);
    }
    const at0 = (rope(x, 3, 100, 0).arraySync() as number[][][])[0]!;
    expect(maxDiff(at0[0]!, rows[0]!)).toBe(0);
    expect(maxDiff(at0[1]!, rows[1]!)).toBeGreaterThan(1e-3);
  });

  it("the generated model equals the hand-written one (GQA, rope_base 500)", async () => {
    const m = await compileSource(
      "rope",
      attnSource(", kv_heads: 2, rope: true, rope_base: 500.0"),
    );
    const p = paramsOf(m);
    randomizeNorms(p);
    expect(maxDiff(logits(m, p, toks()), handModel(lookup(p), ROW, { rope: 500 }))).toBeLessThan(
      TOL,
    );
  });

  it("position 0 is the identity: with memory slots (never rotated), one token gives plain scores", async () => {
    const roped = await compileSource("rope-0", attnSource(", rope: true, memory: 3"));
    const plain = await compileSource("rope-0-plain", attnSource(", memory: 3"));
    const p = paramsOf(roped);
    const one = toks([ROW[0]!]);
    expect(maxDiff(logits(roped, p, one), logits(plain, p, one))).toBeLessThan(TOL);
    // later positions are rotated: the whole row differs
    expect(maxDiff(logits(roped, p, toks()), logits(plain, p, toks()))).toBeGreaterThan(1e-4);
  });

  it("scores depend on the offset only: the same tokens at positions 5… give the same logits", async () => {
    const m = await compileSource("rope-shift", attnSource(", kv_heads: 2, rope: true"));
    const p = paramsOf(m);
    const at0 = logits(m, p, toks());
    const at5 = logits(m, p, toks(), { ...context(), decode: atOffset(5) });
    expect(maxDiff(at0, at5)).toBeLessThan(1e-4);
    expect(maxDiff(at5, handModel(lookup(p), ROW, { rope: 10000, offset: 5 }))).toBeLessThan(1e-4);
  });
});

describe("ALiBi", () => {
  it("slopes are the paper's for every head count (2^(−8h/n); interleaved otherwise)", () => {
    expect(alibiSlopes(8)).toEqual([1, 2, 3, 4, 5, 6, 7, 8].map((h) => 2 ** -h));
    expect(alibiSlopes(6)).toEqual([2 ** -2, 2 ** -4, 2 ** -6, 2 ** -8, 2 ** -1, 2 ** -3]);
    for (let n = 1; n <= 24; n++) {
      const got = alibiSlopes(n);
      expect(got.length).toBe(n);
      expect(maxDiff(got, paperSlopes(n)), `n = ${n}`).toBeLessThan(1e-12);
    }
  });

  it("the generated model equals the hand-written one: scores − m_h·(i − j), causal", async () => {
    const m = await compileSource("alibi", attnSource(", kv_heads: 2, alibi: true"));
    const p = paramsOf(m);
    randomizeNorms(p);
    const hand = handModel(lookup(p), ROW, { alibi: true });
    expect(maxDiff(logits(m, p, toks()), hand)).toBeLessThan(TOL);
    // and the bias matters: without it the model differs
    expect(maxDiff(handModel(lookup(p), ROW, {}), hand)).toBeGreaterThan(1e-4);
  });

  it("depends on the offset only: the same tokens at positions 5… give the same logits", async () => {
    const m = await compileSource("alibi-shift", attnSource(", alibi: true"));
    const p = paramsOf(m);
    const at5 = logits(m, p, toks(), { ...context(), decode: atOffset(5) });
    expect(maxDiff(logits(m, p, toks()), at5)).toBeLessThan(1e-5);
  });
});

/** The diagnostics of an inline source (written to out/tests/constructs/). */
async function diagnostics(name: string, source: string): Promise<readonly Diagnostic[]> {
  return (await compileInline(name, source)).diagnostics;
}

describe("position settings are checked", () => {
  const cases: readonly [string, string, string][] = [
    ["odd head size", "rope: true", "ARCH3117"],
    ["rope and alibi", "rope: true, alibi: true", "ARCH3118"],
    ["rope_base 0", "rope: true, rope_base: 0.0", "ARCH3119"],
  ];
  for (const [what, settings, code] of cases)
    it(`${what}: ${code} at the argument of attend`, async () => {
      const src = `const vocab = 32
const ctx = 8
block Attn(d: int) {
  q = Linear(d, d)(x)
  k = Linear(d, d)(x)
  v = Linear(d, d)(x)
  return attend(q, k, v, heads: 4, ${settings})
}
model M {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(vocab, ${what === "odd head size" ? 12 : A.d})
  residual(pre, layernorm) { Attn(${what === "odd head size" ? 12 : A.d}) }
  norm layernorm
  head tied
}
`;
      const found = (await diagnostics(`bad-${code}`, src)).filter((d) => d.code === code);
      expect(found.length, `${code} in ${src}`).toBe(1);
      // located at the offending argument's value in the user's attend call
      const [d] = found;
      expect(d!.span.file).toMatch(/bad-.*\.arch$/);
      const name = settings.split(",").pop()!.trim().split(":")[0]!;
      expect(src.slice(0, d!.span.end)).toMatch(new RegExp(`${name}: (true|0\\.0)$`));
    });
});
