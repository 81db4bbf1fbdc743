// Emitter `scalarMix`: BERMo's scalar mix, `scalarMix([h_0…h_L], weights, gamma)`.
import type { Emitter } from "../emitter.ts";
import { array, call } from "../expr.ts";

export const scalarMix: Emitter<"scalarMix"> = (node, inputs, cx) => ({
  expr: call(
    "scalarMix",
    array(inputs.map((x) => x.expr)),
    cx.param(node, "weights"),
    cx.param(node, "gamma"),
  ),
  rank: null,
});
