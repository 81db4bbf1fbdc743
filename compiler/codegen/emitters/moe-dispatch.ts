// Emitter `moeDispatch`: `moeDispatchExpert(x, gates, i, {router, experts, topK, capacity})`, expert
// i's routed tokens as [1, slots, d] (runtime/ops/moe-slots.ts); the expert's nodes read it.
import type { NodeOf } from "../../ir/types.ts";
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, num, object, str, type Expr } from "../expr.ts";

/** The slot options shared by moeDispatchExpert and moeCombineSlots. */
export function slotOptions(a: NodeOf<"moeDispatch">["attrs"]): Expr {
  return object([
    ["router", str(a.router)],
    ["experts", num(a.experts)],
    ["topK", num(a.topK)],
    ["capacity", num(a.capacity)],
  ]);
}

export const moeDispatch: Emitter<"moeDispatch"> = (node, inputs) => {
  const x = operand(inputs, 0, node);
  const gates = operand(inputs, 1, node);
  return sameAs(
    call("moeDispatchExpert", x.expr, gates.expr, num(node.attrs.expert), slotOptions(node.attrs)),
    x,
  );
};
