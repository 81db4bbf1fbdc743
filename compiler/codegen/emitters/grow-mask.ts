// Emitter `growMask`: MSG's growth mask, `growMasked(x, old, start, steps, ctx.step)`.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, member, num } from "../expr.ts";

export const growMask: Emitter<"growMask"> = (node, inputs, cx) => {
  const x = operand(inputs, 0, node);
  const { old, start, steps } = node.attrs;
  return sameAs(
    call("growMasked", x.expr, num(old), num(start), num(steps), member(cx.ctx(), "step")),
    x,
  );
};
