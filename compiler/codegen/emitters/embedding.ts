// Emitter `embedding`: token lookup, `embed(tokens, table)` (one-hot gradient, trains on every backend).
import { operand, type Emitter } from "../emitter.ts";
import { call } from "../expr.ts";

export const embedding: Emitter<"embedding"> = (node, inputs, cx) => ({
  expr: call("embed", operand(inputs, 0, node).expr, cx.param(node, "table")),
  rank: null,
});
