// Emitter `layerNorm`: `layerNorm(x, scale, bias | null, eps)`.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, nul, num } from "../expr.ts";

export const layerNorm: Emitter<"layerNorm"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const bias = node.attrs.bias ? cx.param(node, "bias") : nul;
  return sameAs(call("layerNorm", x.expr, cx.param(node, "scale"), bias, num(node.attrs.eps)), x);
};
