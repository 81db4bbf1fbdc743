// Emitter `moeRoute`: `moeGates(x, routerKernel, {…}, ctx)` → gates [..., experts], exactly 0 for
// unused experts; the router's balance loss goes to ctx.aux under the node's site name.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call, nul, num, object, str, type Expr } from "../expr.ts";

export const moeRoute: Emitter<"moeRoute"> = (node, inputs, cx) => {
  const a = node.attrs;
  const x = operand(inputs, 0, node);
  const hash = a.router === "hash";
  const props: [string, Expr][] = [
    ["router", str(a.router)],
    ["experts", num(a.experts)],
    ["topK", num(a.topK)],
    ["capacity", num(a.capacity)],
    ["balance", num(a.balance)],
  ];
  if (hash)
    props.push(
      ["tokens", operand(inputs, 1, node).expr],
      ["vocab", num(a.vocab)],
      ["hashSeed", cx.constant(node, "hashSeed") ?? num(a.hashSeed)],
    );
  props.push(["name", cx.site(node)]);
  const kernel = hash ? nul : cx.param(node, "kernel");
  return sameAs(call("moeGates", x.expr, kernel, object(props), cx.ctx()), x);
};
