// Emitter `dwa`: DenseFormer's depth-weighted average, `dwaCombine([X_j…], weights)`.
import type { Emitter } from "../emitter.ts";
import { array, call } from "../expr.ts";

export const dwa: Emitter<"dwa"> = (node, inputs, cx) => ({
  expr: call("dwaCombine", array(inputs.map((x) => x.expr)), cx.param(node, "weights")),
  rank: null,
});
