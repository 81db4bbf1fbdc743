// Persistent memory / the all-attention layer (constructs.md §5.2) through the real compiler, on
// cpu: `memory: 0` is plain attention (same parameters, same logits); with N slots the generated
// model equals the hand-written K' = [K ; M_K], V' = [V ; M_V] (slots never masked, no ALiBi bias,
// no RoPE rotation), also in a block without FFN; the slots add 2·N·kv_heads·dh parameters; a
// negative count is a located error.
import * as tf from "../../runtime/tf.ts";
import { beforeAll, describe, expect, it } from "vitest";
import { A, attnSource, handModel } from "./attn-support.ts";
import { compileSource, logits, lookup, maxDiff, paramsOf, randomizeNorms } from "./support.ts";

beforeAll(async () => {
  await tf.setBackend("cpu");
});

const TOL = 1e-5;
const ROW = [3, 17, 5, 9, 30, 1, 12, 7];
const toks = tf.tensor2d([ROW], [1, ROW.length], "int32");

describe("persistent memory", () => {
  it("0 memory vectors equal plain attention", async () => {
    const zero = await compileSource("memory-0", attnSource(", kv_heads: 2, memory: 0"));
    const plain = await compileSource("memory-plain", attnSource(", kv_heads: 2"));
    expect(zero.params.map((p) => p.name)).toEqual(plain.params.map((p) => p.name));
    const p = paramsOf(plain);
    expect(maxDiff(logits(zero, p, toks), logits(plain, p, toks))).toBe(0);
  });

  it("N slots per K/V head: [K ; M_K], [V ; M_V], never masked (GQA)", async () => {
    const m = await compileSource("memory", attnSource(", kv_heads: 2, memory: 3"));
    const slots = m.params.filter((p) => /\.memory\.(keys|values)$/.test(p.name));
    const dkv = A.kvHeads * (A.d / A.heads);
    expect(slots.map((p) => p.shape)).toEqual(Array.from({ length: 4 }, () => [3, dkv]));
    const plain = await compileSource("memory-count", attnSource(", kv_heads: 2"));
    expect(m.meta.paramCount - plain.meta.paramCount).toBe(2 * 2 * 3 * dkv);
    const p = paramsOf(m);
    randomizeNorms(p);
    const hand = handModel(lookup(p), ROW, { memory: true });
    expect(maxDiff(logits(m, p, toks), hand)).toBeLessThan(TOL);
    // the slots matter
    expect(maxDiff(handModel(lookup(p), ROW, {}), hand)).toBeGreaterThan(1e-4);
  });

  it("with RoPE and with ALiBi, the slots take no rotation and no bias", async () => {
    for (const [name, settings, o] of [
      ["memory-rope", ", kv_heads: 2, rope: true, memory: 2", { rope: 10000, memory: true }],
      ["memory-alibi", ", kv_heads: 2, alibi: true, memory: 2", { alibi: true, memory: true }],
    ] as const) {
      const m = await compileSource(name, attnSource(settings));
      const p = paramsOf(m);
      expect(maxDiff(logits(m, p, toks), handModel(lookup(p), ROW, o)), name).toBeLessThan(TOL);
    }
  });

  it("the all-attention layer: x + AllAttn(LN(x)) with no FFN", async () => {
    const m = await compileSource(
      "all-attention",
      attnSource(", kv_heads: 2, memory: 4", { ffn: false }),
    );
    expect(m.params.some((p) => /mlp|linear_/.test(p.name))).toBe(false);
    const p = paramsOf(m);
    const hand = handModel(lookup(p), ROW, { memory: true }, false);
    expect(maxDiff(logits(m, p, toks), hand)).toBeLessThan(TOL);
  });

  it("a negative count is an error", async () => {
    await expect(compileSource("memory-neg", attnSource(", memory: -1"))).rejects.toThrow(
      "ARCH3120",
    );
  });
});
