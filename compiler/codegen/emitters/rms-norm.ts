// Emitter `rmsNorm`: `rmsNorm(x, scale, eps)`.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, num } from "../expr.ts";

export const rmsNorm: Emitter<"rmsNorm"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  return sameAs(call("rmsNorm", x.expr, cx.param(node, "scale"), num(node.attrs.eps)), x);
};
