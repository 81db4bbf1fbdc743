// Emitter `positions`: learned rows `positions(T, table)` or fixed `sinusoidalPositions(T, d)`;
// both are [T, d] and broadcast over the batch when added to the token embedding; both take ctx
// (while decoding, the rows start at the KV cache's offset).
import { operand, typed, type Emitter } from "../emitter.ts";
import { call, index, member, num } from "../expr.ts";

export const positions: Emitter<"positions"> = (node, inputs, cx) => {
  const length = index(member(typed(operand(inputs, 0, node), 2), "shape"), 1); // T of [B, T]
  const expr = node.attrs.learned
    ? call("positions", length, cx.param(node, "table"), cx.ctx())
    : call("sinusoidalPositions", length, num(node.attrs.d), cx.ctx());
  return { expr, rank: 2 };
};
