// Emitter `activation`: the runtime function of the same name (`gelu(x)`); identity emits nothing.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call } from "../expr.ts";

export const activation: Emitter<"activation"> = (node, inputs) => {
  const x = operand(inputs, 0, node);
  return node.attrs.fn === "identity" ? x : sameAs(call(node.attrs.fn, x.expr), x);
};
