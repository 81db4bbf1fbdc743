// Emitter `moeRoute`: `moeGates(x, routerKernel, {…}, ctx)` → gates [..., experts], exactly 0 for
// unused experts; the router's balance loss and expert load go to ctx.aux under the router's
// instance name (`${at}.moe.router`, from its kernel), so that every MoE layer reports its own.
import type { NodeOf } from "../../ir/types.ts";
import { operand, sameAs, type EmitContext, type Emitter } from "../emitter.ts";
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
  props.push(["name", hash ? cx.site(node) : routerSite(node, cx)]);
  const kernel = hash ? nul : cx.param(node, "kernel");
  return sameAs(call("moeGates", x.expr, kernel, object(props), cx.ctx()), x);
};

/** A learned router's site: its kernel's instance (`blocks.1.moe.router`), or the node's own site. */
function routerSite(node: NodeOf<"moeRoute">, cx: EmitContext): Expr {
  const kernel = node.params[0]?.name;
  if (kernel === undefined) return cx.site(node);
  const full = kernel.slice(0, kernel.lastIndexOf("."));
  return full.includes(".") ? cx.siteNamed(full) : cx.site(node);
}
