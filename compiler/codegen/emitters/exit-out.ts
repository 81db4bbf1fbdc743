// Emitter `exitOut`: `exitOut(ctx, layer, logits, y)` reports an early exit's logits, returns y.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, literal } from "../expr.ts";

export const exitOut: Emitter<"exitOut"> = (node, inputs, cx) => {
  const y = operand(inputs, 0, node);
  const logits = operand(inputs, 1, node);
  return sameAs(call("exitOut", cx.ctx(), literal(node.attrs.layer), logits.expr, y.expr), y);
};
