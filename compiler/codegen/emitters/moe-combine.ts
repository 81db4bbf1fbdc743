// Emitter `moeCombine`: dense, `moeCombine(gates, [e0, e1, …])` = Σᵢ gates[..., i]·eᵢ; with
// `strategy: dispatch` (the experts read moeDispatch nodes, dispatchMoe pass), the slot outputs are
// scattered back: `moeCombineSlots(gates, [e0, …], {router, experts, topK, capacity})`.
import { operand, type Emitter } from "../emitter.ts";
import { array, call, num, object, str } from "../expr.ts";

export const moeCombine: Emitter<"moeCombine"> = (node, inputs) => {
  const experts = inputs.slice(1);
  const first = operand(inputs, 1, node);
  const gates = operand(inputs, 0, node);
  const slots = node.attrs.slots;
  if (node.attrs.strategy === "dispatch" && slots !== undefined) {
    const opts = object([
      ["router", str(slots.router)],
      ["experts", num(node.attrs.experts)],
      ["topK", num(slots.topK)],
      ["capacity", num(slots.capacity)],
    ]);
    return {
      expr: call("moeCombineSlots", gates.expr, array(experts.map((e) => e.expr)), opts),
      rank: first.rank,
    };
  }
  return {
    expr: call("moeCombine", gates.expr, array(experts.map((e) => e.expr))),
    rank: first.rank,
  };
};
