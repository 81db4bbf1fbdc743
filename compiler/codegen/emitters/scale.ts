// Emitter `scale`: `scale(x, factor)` for a compile-time constant; factor 1 emits nothing.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, num } from "../expr.ts";

export const scale: Emitter<"scale"> = (node, inputs) => {
  const x = operand(inputs, 0, node);
  return node.attrs.factor === 1 ? x : sameAs(call("scale", x.expr, num(node.attrs.factor)), x);
};
