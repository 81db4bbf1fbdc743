// Emitter `dropout`: inverted dropout seeded by (run seed, step, site); p = 0 emits nothing.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, member, num } from "../expr.ts";

export const dropout: Emitter<"dropout"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  if (node.attrs.p === 0) return x;
  const seed = call("mixSeed", member(cx.ctx(), "seed"), member(cx.ctx(), "step"), cx.site(node));
  return sameAs(call("dropout", x.expr, num(node.attrs.p), seed, member(cx.ctx(), "training")), x);
};
