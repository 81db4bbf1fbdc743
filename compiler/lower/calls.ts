// Calls and applications: `Block(args)` and `Linear(args)` build layer values, `Layer(args)(x)`
// and `shared(x)` apply them, `gelu(x)` / `attend(q, k, v, …)` / `scale(x, s)` are tensor
// functions, `sqrt(…)` etc. fold, and `deepnorm(alpha:, beta:)` / `sub(gamma:)` build placement values.
// Arguments are evaluated through `ctx.lower.evalExpr` (eval.ts imports this file).
import type { Apply, BlockDecl, Call, Expr } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { names as nameMsg } from "../../grammar/core/messages/names.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import {
  argSpan,
  argSpans,
  builtinParams,
  bindArgs,
  checkedInt,
  resolveType,
  type ParamLike,
} from "./args.ts";
import { ACTIVATIONS, PLACEMENT_CALLS, PRIMITIVES, SCALAR_FUNCTIONS } from "./builtins.ts";
import { unknownName } from "./check-names.ts";
import { moduleFrame, report, type Ctx, type Frame } from "./frame.ts";
import { applyCallable, type Naming } from "./instantiate.ts";
import type { ModuleInfo } from "./resolve.ts";
import { activationNode, attendCall, scaleCall } from "./tensor-ops.ts";
import { moaMixCall } from "./moa.ts";
import { describe, float, int, num, POISON, type PrimName, type Value } from "./values.ts";

/** `name(args)` in value position. */
export function evalCall(e: Call, f: Frame, ctx: Ctx, hint?: string): Value {
  const name = e.callee.name;
  const local = f.vars.get(name);
  if (local !== undefined) return callValue(local, e, f, ctx, hint);
  const entry = f.module.names.get(name);
  if (entry !== undefined) {
    switch (entry.kind) {
      case "poison":
        return POISON;
      case "block":
        return blockLayer(entry.decl, entry.module, e, f, ctx);
      case "const":
        report(ctx, f, msg.notCallable(e.callee.span, name, "a constant"));
        return POISON;
      case "model":
        report(ctx, f, nameMsg.notABlock(e.callee.span, name, "a model"));
        return POISON;
    }
  }
  const prim = PRIMITIVES.get(name as PrimName);
  if (prim !== undefined) {
    const args = bindArgs(
      name,
      builtinParams(prim),
      e.args,
      (x) => ctx.lower.evalExpr(x, f, ctx),
      e.span,
      ctx,
      f,
    );
    if (args === undefined) return POISON;
    return {
      t: "layer",
      callee: name,
      target: { kind: "prim", prim: name as PrimName },
      args,
      span: e.span,
      argSpans: argSpans(prim.params, e.args, e.span),
    };
  }
  const arity = SCALAR_FUNCTIONS.get(name);
  if (arity !== undefined) return scalarFunction(name, arity, e, f, ctx);
  if (name === "attend") return attendCall(e, f, ctx, hint);
  if (name === "moa_mix") return moaMixCall(e, f, ctx, hint);
  if (name === "scale") return scaleCall(e, f, ctx, hint);
  const placement = PLACEMENT_CALLS.get(name);
  if (placement !== undefined) {
    const args = bindArgs(
      name,
      builtinParams(placement),
      e.args,
      (x) => ctx.lower.evalExpr(x, f, ctx),
      e.span,
      ctx,
      f,
    );
    if (args === undefined || !mixlnAlphaInRange(e, args, f, ctx)) return POISON;
    return { t: "enum", name, args };
  }
  if ((ACTIVATIONS as readonly string[]).includes(name))
    return callValue({ t: "enum", name }, e, f, ctx, hint);
  report(ctx, f, unknownName(name, e.callee.span, f.vars.keys(), f.module));
  return POISON;
}

/** Mix-LN's α is a fraction of the layers: in [0, 1] (an error at the argument otherwise). */
function mixlnAlphaInRange(e: Call, args: ReadonlyMap<string, Value>, f: Frame, ctx: Ctx): boolean {
  const alpha = num(args.get("alpha") ?? POISON);
  if (e.callee.name !== "mixln" || alpha === undefined || (alpha >= 0 && alpha <= 1)) return true;
  const at = argSpan(e.args, "alpha", 0, e.span);
  report(ctx, f, msg.outOfRange(at, "Mix-LN's `alpha`", String(alpha), "in [0, 1]"));
  return false;
}

/** `Layer(args)(x)` or `shared(x)`: applies the layer to its one input tensor. */
export function evalApply(e: Apply, f: Frame, ctx: Ctx, hint?: string): Value {
  const callee = e.fn.kind === "call" ? evalCall(e.fn, f, ctx) : ctx.lower.evalExpr(e.fn, f, ctx);
  if (callee.t === "poison") return POISON;
  const input = singleInput(e.inputs, e.span, describe(callee), f, ctx);
  if (input.t === "poison") return POISON;
  if (callee.t === "enum") return activationOf(callee.name, input, e.span, f, ctx, hint);
  return applyCallable(callee, input, e.span, naming(hint), f, ctx);
}

/** Calling a local value: a shared layer or an activation parameter (`act(gate)`). */
function callValue(v: Value, e: Call, f: Frame, ctx: Ctx, hint?: string): Value {
  if (v.t === "poison") return POISON;
  if (v.t === "shared") {
    const input = singleInput(e.args, e.span, v.name, f, ctx);
    return input.t === "poison" ? POISON : applyCallable(v, input, e.span, naming(hint), f, ctx);
  }
  if (v.t === "enum" && (ACTIVATIONS as readonly string[]).includes(v.name)) {
    const input = singleInput(e.args, e.span, v.name, f, ctx);
    return input.t === "poison" ? POISON : activationOf(v.name, input, e.span, f, ctx, hint);
  }
  report(ctx, f, msg.notCallable(e.callee.span, e.callee.name, describe(v)));
  return POISON;
}

function activationOf(
  name: string,
  input: Value,
  span: Span,
  f: Frame,
  ctx: Ctx,
  hint?: string,
): Value {
  if (!(ACTIVATIONS as readonly string[]).includes(name)) {
    report(ctx, f, msg.notCallable(span, name, `\`${name}\``));
    return POISON;
  }
  return activationNode(name as (typeof ACTIVATIONS)[number], input, span, f, ctx, hint);
}

function naming(hint: string | undefined): Naming {
  return hint === undefined ? { kind: "anon" } : { kind: "named", name: hint };
}

/** The one positional tensor argument of an application. */
function singleInput(
  args: readonly { name?: unknown; value: Expr; span: Span }[],
  span: Span,
  what: string,
  f: Frame,
  ctx: Ctx,
): Value {
  const first = args[0];
  if (args.length !== 1 || first === undefined || first.name !== undefined) {
    report(ctx, f, msg.tooManyArguments(args[1]?.span ?? span, what, 1, args.length));
    return POISON;
  }
  return ctx.lower.evalExpr(first.value, f, ctx);
}

/** The parameters of a block, with defaults evaluated in the block's module. */
export function blockParams(decl: BlockDecl, module: ModuleInfo, ctx: Ctx): ParamLike[] {
  const mf = moduleFrame(module);
  return decl.params.map((p) => {
    const type = resolveType(p.type, ctx, mf) ?? ({ k: "unknown" } as const);
    const dflt = p.default;
    if (dflt === undefined) return { name: p.name.name, type };
    return {
      name: p.name.name,
      type,
      default: (bound: ReadonlyMap<string, Value>) =>
        ctx.lower.evalExpr(dflt, { ...mf, vars: new Map(bound) }, ctx),
    };
  });
}

/** `Block(args)`: a layer value with the block's parameters bound. */
function blockLayer(decl: BlockDecl, module: ModuleInfo, e: Call, f: Frame, ctx: Ctx): Value {
  const args = bindArgs(
    decl.name.name,
    blockParams(decl, module, ctx),
    e.args,
    (x) => ctx.lower.evalExpr(x, f, ctx),
    e.span,
    ctx,
    f,
  );
  if (args === undefined) return POISON;
  return {
    t: "layer",
    callee: decl.name.name,
    target: { kind: "block", decl, module },
    args,
    span: e.span,
  };
}

function scalarFunction(name: string, arity: number, e: Call, f: Frame, ctx: Ctx): Value {
  if (e.args.length !== arity || e.args.some((a) => a.name !== undefined)) {
    report(ctx, f, msg.tooManyArguments(e.span, name, arity, e.args.length));
    return POISON;
  }
  const vals = e.args.map((a) => ctx.lower.evalExpr(a.value, f, ctx));
  if (vals.some((v) => v.t === "poison")) return POISON;
  const xs = vals.map(num);
  if (xs.some((x) => x === undefined)) {
    const bad = vals.find((v) => num(v) === undefined) ?? POISON;
    report(ctx, f, msg.typeMismatch(e.span, `\`${name}\``, "numbers", describe(bad)));
    return POISON;
  }
  const [a = 0, b = 0] = xs as number[];
  const allInt = vals.every((v) => v.t === "int");
  switch (name) {
    case "min":
      return allInt ? int(Math.min(a, b)) : float(Math.min(a, b));
    case "max":
      return allInt ? int(Math.max(a, b)) : float(Math.max(a, b));
    case "floor":
      return checkedInt(Math.floor(a), e.span, ctx, f);
    case "ceil":
      return checkedInt(Math.ceil(a), e.span, ctx, f);
    case "sqrt":
    case "log":
      if (a < 0 || (name === "log" && a === 0)) {
        report(
          ctx,
          f,
          msg.outOfRange(
            e.span,
            `the argument of \`${name}\``,
            String(a),
            name === "log" ? "positive" : "non-negative",
          ),
        );
        return POISON;
      }
      return float(name === "sqrt" ? Math.sqrt(a) : Math.log(a));
    default:
      return float(Math.exp(a));
  }
}
