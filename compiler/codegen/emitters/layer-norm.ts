// Emitter `layerNorm`: `layerNorm(x, scale, bias | null, eps)`; in a growth stage (attrs.grow)
// `grownLayerNorm(x, scale, bias | null, eps, [[old, start, steps], …], ctx.step)` (masked statistics).
import type { GrowRamp } from "../../ir/types.ts";
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { array, call, member, nul, num, type Expr } from "../expr.ts";

/** `[[old, start, steps], …]` */
export const rampsExpr = (ramps: readonly GrowRamp[]): Expr =>
  array(ramps.map((r) => array([num(r.old), num(r.start), num(r.steps)])));

export const layerNorm: Emitter<"layerNorm"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const bias = node.attrs.bias ? cx.param(node, "bias") : nul;
  const args = [x.expr, cx.param(node, "scale"), bias, num(node.attrs.eps)];
  const g = node.attrs.grow;
  if (g !== undefined && g.length > 0)
    return sameAs(call("grownLayerNorm", ...args, rampsExpr(g), member(cx.ctx(), "step")), x);
  return sameAs(call("layerNorm", ...args), x);
};
