// Emitter `moeRoute`: `moeGates(x, routerKernel, {…}, ctx)` → gates [..., experts], exactly 0 for
// unused experts; the router's balance loss and expert load go to ctx.aux under the router's
// instance name (`${at}.moe.router`, from its kernel), so that every MoE layer reports its own.
import type { NodeOf } from "../../ir/types.ts";
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
  props.push(["name", cx.site(hash ? node : routerSite(node))]);
  const kernel = hash ? nul : cx.param(node, "kernel");
  return sameAs(call("moeGates", x.expr, kernel, object(props), cx.ctx()), x);
};

/** The node as if its site were its kernel's instance (`blocks.1.moe.router`), for cx.site. */
function routerSite(node: NodeOf<"moeRoute">): NodeOf<"moeRoute"> {
  const kernel = node.params[0]?.name;
  if (kernel === undefined) return node;
  const full = kernel.slice(0, kernel.lastIndexOf("."));
  const dot = full.lastIndexOf(".");
  if (dot < 0) return node;
  const inner = { block: "moe", instance: full.slice(0, dot), call: node.origin.span };
  return { ...node, name: full.slice(dot + 1), origin: { ...node.origin, path: [inner] } };
}
