// Emitter `dropout`: inverted dropout seeded by (run seed, step, site); p = 0 emits nothing (unless
// the rate is an argument of the function because it differs between instances).
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, member, num } from "../expr.ts";

export const dropout: Emitter<"dropout"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const p = cx.constant(node, "p");
  if (p === undefined && node.attrs.p === 0) return x;
  const seed = call("mixSeed", member(cx.ctx(), "seed"), member(cx.ctx(), "step"), cx.site(node));
  return sameAs(
    call("dropout", x.expr, p ?? num(node.attrs.p), seed, member(cx.ctx(), "training")),
    x,
  );
};
