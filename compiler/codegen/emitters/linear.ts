// Emitter `linear`: `linear(x, kernel, bias?)`, one fused matmul over the last axis.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call } from "../expr.ts";

export const linear: Emitter<"linear"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const args = [x.expr, cx.param(node, "kernel")];
  if (node.attrs.bias) args.push(cx.param(node, "bias"));
  return sameAs(call("linear", ...args), x);
};
