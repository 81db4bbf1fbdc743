// The layer statement: a layer applied to the residual stream (`MLP(d, 4 * d)`, `gelu`, `act`,
// `ffn`, `layernorm`, `Block` without arguments); the stream becomes the layer's output.
import type { Call, Ident, LayerStmt } from "../../grammar/ast.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { bindArgs } from "./args.ts";
import { ACTIVATIONS, NORM_KINDS } from "./builtins.ts";
import { blockParams, evalCall } from "./calls.ts";
import { lookup } from "./eval.ts";
import { report, type Ctx, type Frame, type StmtLowerer } from "./frame.ts";
import { applyCallable, normNode, primPrefix, type Naming } from "./instantiate.ts";
import { snakeCase, type Scope } from "./scope.ts";
import { activationNode } from "./tensor-ops.ts";
import { describe, POISON, type Value } from "./values.ts";

/** A lone layer statement's base name: `CausalSelfAttention(d, h)` → `causal_self_attention`. */
export function layerBaseName(s: LayerStmt): string {
  return snakeCase(s.expr.kind === "call" ? s.expr.callee.name : s.expr.name);
}

export const lowerLayerStmt: StmtLowerer<LayerStmt> = (s, state, f, ctx, lone) => ({
  stream: applyToStream(s.expr, state.stream, f, ctx, lone),
});

/** Applies the layer `expr` names to the stream; `lone` is the scope it adopts. */
function applyToStream(expr: Call | Ident, stream: Value, f: Frame, ctx: Ctx, lone?: Scope): Value {
  const naming: Naming = lone !== undefined ? { kind: "adopt", scope: lone } : { kind: "anon" };
  if (expr.kind === "call") {
    const callee = evalCall(expr, f, ctx);
    if (callee.t === "tensor") {
      report(ctx, f, msg.expectedLayer(expr.span, describe(callee)));
      return POISON;
    }
    return applyCallable(callee, stream, expr.span, naming, f, ctx);
  }
  const callee = identAsLayer(expr, f, ctx);
  if (callee.t === "poison" || stream.t === "poison") return POISON;
  if (callee.t === "enum") {
    if (callee.name === "layernorm" || callee.name === "rmsnorm") {
      if (stream.t !== "tensor") return POISON;
      const { prefix, tie } = primPrefix(naming, "ln", f);
      return normNode(callee.name, stream, stream.width, prefix, tie, expr.span, f, ctx);
    }
    return activationNode(callee.name as never, stream, expr.span, f, ctx);
  }
  return applyCallable(callee, stream, expr.span, naming, f, ctx);
}

/** A bare name in layer position: a block with all-default arguments, a shared layer, an activation. */
function identAsLayer(id: Ident, f: Frame, ctx: Ctx): Value {
  if (!f.vars.has(id.name)) {
    const entry = f.module.names.get(id.name);
    if (entry?.kind === "block") {
      const args = bindArgs(
        id.name,
        blockParams(entry.decl, entry.module, ctx),
        [],
        (x) => ctx.lower.evalExpr(x, f, ctx),
        id.span,
        ctx,
        f,
      );
      if (args === undefined) return POISON;
      return {
        t: "layer",
        callee: id.name,
        target: { kind: "block", decl: entry.decl, module: entry.module },
        args,
        span: id.span,
      };
    }
  }
  const v = lookup(id, f, ctx);
  if (v.t === "enum" && !([...ACTIVATIONS, ...NORM_KINDS] as readonly string[]).includes(v.name)) {
    report(ctx, f, msg.expectedLayer(id.span, describe(v)));
    return POISON;
  }
  return v;
}
