// FLOPs conventions of compiler/report/flops.ts: one Linear is 2·in·out per token, attention adds
// the T-dependent score and value products, training is 3× forward for matmul-like ops.
import { describe, expect, it } from "vitest";
import { GraphBuilder } from "../../compiler/ir/build.ts";
import type { OriginSpec } from "../../compiler/ir/types.ts";
import { forwardFlops, opCosts, trainFlops } from "../../compiler/report/flops.ts";

const origin: OriginSpec = { span: { file: "t.arch", start: 0, end: 0 } };

function oneLinear(d: number, out: number, bias: boolean) {
  const b = new GraphBuilder();
  const x = b.add({
    kind: "input",
    inputs: [],
    attrs: { name: "tokens", context: 8 },
    name: "tokens",
    origin,
  });
  const e = b.add({
    kind: "embedding",
    inputs: [x],
    attrs: { vocab: 10, d },
    name: "e",
    origin,
    paramPrefix: "e",
  });
  const l = b.add({
    kind: "linear",
    inputs: [e],
    attrs: { in: d, out, bias },
    name: "l",
    origin,
    paramPrefix: "l",
  });
  const q = b.add({
    kind: "linear",
    inputs: [e],
    attrs: { in: d, out: d, bias },
    name: "q",
    origin,
    paramPrefix: "q",
  });
  const a = b.add({
    kind: "attention",
    inputs: [q, q, q],
    attrs: { heads: 2, kvHeads: 2, headDim: d / 2, causal: true },
    name: "a",
    origin,
  });
  return { linear: b.node(l), attention: b.node(a), embedding: b.node(e) };
}

describe("FLOPs per op", () => {
  it("a Linear costs 2·in·out per token, bias or not", () => {
    for (const bias of [true, false]) {
      const { linear } = oneLinear(96, 384, bias);
      expect(forwardFlops(linear, 64)).toBe(2 * 96 * 384);
      expect(trainFlops(linear, 64)).toBe(3 * 2 * 96 * 384);
    }
  });

  it("attention costs 4·T·heads·dh for scores and values plus 5·heads·T for the softmax", () => {
    const { attention } = oneLinear(96, 96, true);
    const T = 64;
    expect(forwardFlops(attention, T)).toBe(4 * T * 96 + 5 * 2 * T);
    expect(forwardFlops(attention, 2 * T)).toBe(2 * forwardFlops(attention, T));
  });

  it("embedding lookups cost nothing forward and a d-wide scatter-add backward", () => {
    const { embedding } = oneLinear(96, 96, true);
    expect(forwardFlops(embedding, 64)).toBe(0);
    expect(trainFlops(embedding, 64)).toBe(96);
  });

  it("every op kind has a cost with a positive or zero training factor", () => {
    for (const [kind, cost] of Object.entries(opCosts))
      expect(cost.trainFactor, kind).toBeGreaterThanOrEqual(0);
  });
});
