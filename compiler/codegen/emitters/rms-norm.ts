// Emitter `rmsNorm`: `rmsNorm(x, scale, eps)`; in a growth stage (attrs.grow)
// `grownRmsNorm(x, scale, eps, [[old, start, steps], …], ctx.step)` (masked statistics).
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, member, num } from "../expr.ts";
import { rampsExpr } from "./layer-norm.ts";

export const rmsNorm: Emitter<"rmsNorm"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const args = [x.expr, cx.param(node, "scale"), num(node.attrs.eps)];
  const g = node.attrs.grow;
  if (g !== undefined && g.length > 0)
    return sameAs(call("grownRmsNorm", ...args, rampsExpr(g), member(cx.ctx(), "step")), x);
  return sameAs(call("rmsNorm", ...args), x);
};
