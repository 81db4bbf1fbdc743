// Emitter `layerDrop`: LayerSkip's per-sample layer dropout,
// `layerDrop(x_in, x_out, { layer, depth, pMax, time }, seed, ctx)` seeded by (run seed, step, site).
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, literal, member, object } from "../expr.ts";

export const layerDrop: Emitter<"layerDrop"> = (node, inputs, cx) => {
  const xIn = operand(inputs, 0, node);
  const xOut = operand(inputs, 1, node);
  const { depth, pMax, time } = node.attrs;
  const layer = cx.constant(node, "layer") ?? literal(node.attrs.layer);
  const seed = call("mixSeed", member(cx.ctx(), "seed"), member(cx.ctx(), "step"), cx.site(node));
  const rate = object([
    ["layer", layer],
    ["depth", literal(depth)],
    ["pMax", literal(pMax)],
    ["time", literal(time)],
  ]);
  return sameAs(call("layerDrop", xIn.expr, xOut.expr, rate, seed, cx.ctx()), xOut);
};
