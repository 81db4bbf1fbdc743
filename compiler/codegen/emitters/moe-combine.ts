// Emitter `moeCombine`: `moeCombine(gates, [e0, e1, …])` = Σᵢ gates[..., i]·eᵢ.
import { operand, type Emitter } from "../emitter.ts";
import { array, call } from "../expr.ts";

export const moeCombine: Emitter<"moeCombine"> = (node, inputs) => {
  const experts = inputs.slice(1);
  const first = operand(inputs, 1, node);
  return {
    expr: call("moeCombine", operand(inputs, 0, node).expr, array(experts.map((e) => e.expr))),
    rank: first.rank,
  };
};
