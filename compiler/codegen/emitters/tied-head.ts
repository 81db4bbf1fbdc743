// Emitter `tiedHead`: logits = h · tableᵀ with the token embedding's table, `tiedHead(h, table)`.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call } from "../expr.ts";

export const tiedHead: Emitter<"tiedHead"> = (node, inputs, cx) => {
  const h = operand(inputs, 0, node);
  return sameAs(call("tiedHead", h.expr, cx.paramNamed(node.attrs.table)), h);
};
