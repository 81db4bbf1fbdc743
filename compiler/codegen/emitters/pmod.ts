// Emitters of p-MoD's ops (constructs.md §8.1): `modRouter(x, kernel, bias)`, `modGather(x, r, ρ)`,
// `modWeigh(f, r, ρ)` and `modScatter(y, x, r, ρ)`, all on [B, T|k, ·] tensors; ρ is an argument of
// a block function when it differs between the instances folded into it (signature.ts liftable).
import { operand, typed, type EmitContext, type Emitted, type Operand } from "../emitter.ts";
import { call, num, type Expr } from "../expr.ts";
import type { Node, NodeOf } from "../../ir/types.ts";

type Routed = NodeOf<"modGather" | "modWeigh" | "modScatter">;

const ratio = (n: Routed, cx: EmitContext): Expr => cx.constant(n, "ratio") ?? num(n.attrs.ratio);
const t3 = (inputs: readonly Operand[], i: number, n: Node): Expr =>
  typed(operand(inputs, i, n), 3);
const routed =
  (fn: string, arity: number) =>
  (node: Routed, inputs: readonly Operand[], cx: EmitContext): Emitted => ({
    expr: call(
      fn,
      ...Array.from({ length: arity }, (_, i) => t3(inputs, i, node)),
      ratio(node, cx),
    ),
    rank: 3,
  });

export const modRouter = (
  node: NodeOf<"modRouter">,
  inputs: readonly Operand[],
  cx: EmitContext,
): Emitted => ({
  expr: call("modRouter", t3(inputs, 0, node), cx.param(node, "kernel"), cx.param(node, "bias")),
  rank: 3,
});
export const modGather = routed("modGather", 2);
export const modWeigh = routed("modWeigh", 2);
export const modScatter = routed("modScatter", 3);
