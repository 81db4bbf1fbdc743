// Emitter `moaMix`: BAM's mixture-of-attention weights, `moaMix(x, a, router, {experts, heads, layout})`.
import { operand, type Emitter } from "../emitter.ts";
import { call, num, object, str } from "../expr.ts";

export const moaMix: Emitter<"moaMix"> = (node, inputs, cx) => {
  const { experts, heads, layout } = node.attrs;
  const options = object([
    ["experts", num(experts)],
    ["heads", num(heads)],
    ["layout", str(layout)],
  ]);
  const [x, a] = [operand(inputs, 0, node), operand(inputs, 1, node)];
  return { expr: call("moaMix", x.expr, a.expr, cx.param(node, "router"), options), rank: 3 };
};
