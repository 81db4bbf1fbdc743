// Lowering of a statement list: the residual stream flows through layer statements; assignments
// bind named tensors; `return` gives the output; structural statements (residual, parallel, moe,
// repeat, if, share) are delegated. A lone statement may adopt its container's naming scope.
import type { Call, Ident, Stmt } from "../../grammar/ast.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { bindArgs } from "./args.ts";
import { blockParams, evalCall } from "./calls.ts";
import { ACTIVATIONS, NORM_KINDS } from "./builtins.ts";
import { evalExpr, lookup } from "./eval.ts";
import { report, type Ctx, type Frame } from "./frame.ts";
import { applyCallable, normNode, primPrefix, type Naming } from "./instantiate.ts";
import { lowerMoe } from "./moe.ts";
import { lowerParallel } from "./parallel.ts";
import { lowerRepeat } from "./repeat.ts";
import { lowerResidual } from "./residual.ts";
import type { Scope } from "./scope.ts";
import { activationNode } from "./tensor-ops.ts";
import { describe, kindOf, POISON, type Value } from "./values.ts";

/** The result of a body: the stream after the last statement, and the returned value if any. */
export interface BodyResult {
  readonly stream: Value;
  readonly returned?: Value;
}

/** Lowers `stmts` on `stream`; `lone` is the scope a single statement adopts. */
export function lowerBody(
  stmts: readonly Stmt[],
  stream: Value,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
): BodyResult {
  let state: BodyResult = { stream };
  const adopt = stmts.length === 1 ? lone : undefined;
  for (const s of stmts) {
    if (state.returned !== undefined) break;
    state = lowerStmt(s, state, f, ctx, adopt);
  }
  return state;
}

/** One statement. Model-only statements are handled by model.ts and rejected here. */
export function lowerStmt(
  s: Stmt,
  state: BodyResult,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
): BodyResult {
  const stream = state.stream;
  switch (s.kind) {
    case "layer":
      return { stream: applyToStream(s.expr, stream, f, ctx, lone) };
    case "assign": {
      const v = evalExpr(s.value, f, ctx, s.name.name);
      f.vars.set(s.name.name, v);
      return state;
    }
    case "return":
      return { stream, returned: evalExpr(s.value, f, ctx, "out") };
    case "residual":
      return { stream: recover(lowerResidual(s, stream, f, ctx, lone), stream, ctx) };
    case "parallel":
      return { stream: recover(lowerParallel(s, stream, f, ctx, lone), stream, ctx) };
    case "moe":
      return { stream: recover(lowerMoe(s, stream, f, ctx, lone), stream, ctx) };
    case "repeat":
      return { stream: lowerRepeat(s, stream, f, ctx) };
    case "if": {
      const test = evalExpr(s.test, f, ctx);
      if (test.t === "poison") return { stream: POISON };
      if (test.t !== "bool") {
        report(
          ctx,
          f,
          msg.typeMismatch(s.test.span, "the condition of `if`", "a bool", kindOf(test)),
        );
        return { stream: POISON };
      }
      const branch = test.v ? s.then : s.else;
      if (branch === undefined) return state;
      const stmts = Array.isArray(branch) ? (branch as readonly Stmt[]) : [branch as Stmt];
      return lowerBody(stmts, stream, f, ctx, lone);
    }
    case "share": {
      const layer = evalExpr(s.value, f, ctx);
      if (layer.t === "layer") {
        const name = s.name.name;
        f.vars.set(name, { t: "shared", name, layer, scope: f.scope.child(f.scope.unique(name)) });
      } else {
        if (layer.t !== "poison") report(ctx, f, msg.expectedLayer(s.value.span, describe(layer)));
        f.vars.set(s.name.name, POISON);
      }
      return state;
    }
    case "input":
    case "embed":
    case "norm":
    case "head":
      report(
        ctx,
        f,
        msg.notAllowedHere(s.span, `\`${s.kind}\``, "in a block (it belongs in a model)"),
      );
      return state;
  }
}

/**
 * After a reported error inside a width-preserving construct (residual, parallel, moe), carry on
 * with its input so that the statements after it are still checked.
 */
function recover(out: Value, stream: Value, ctx: Ctx): Value {
  return out.t === "poison" && stream.t === "tensor" && ctx.r.hasErrors ? stream : out;
}

/** A layer statement: `MLP(d, 4 * d)`, `gelu`, `act`, `ffn`, `layernorm`, `Block` (no arguments). */
export function applyToStream(
  expr: Call | Ident,
  stream: Value,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
): Value {
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
        (x) => evalExpr(x, f, ctx),
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
