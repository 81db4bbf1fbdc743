// Emitter `scale`: `scale(x, factor)` for a compile-time constant; factor 1 emits nothing (unless
// the factor is an argument of the function because it differs between instances).
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, num } from "../expr.ts";

export const scale: Emitter<"scale"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const factor = cx.constant(node, "factor");
  if (factor === undefined && node.attrs.factor === 1) return x;
  return sameAs(call("scale", x.expr, factor ?? num(node.attrs.factor)), x);
};
