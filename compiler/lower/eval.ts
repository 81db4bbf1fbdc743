// Expression evaluation: folds constants and integer arithmetic at compile time, resolves names
// (locals → module → inline enum members → builtins) and hands calls and tensor arithmetic to
// calls.ts / tensor-ops.ts (which evaluate their arguments through `ctx.lower.evalExpr`, not by
// importing this file). Errors are reported once and evaluate to poison.
import type { Binary, ConstDecl, Expr, Ident } from "../../grammar/ast.ts";
import { names as nameMsg } from "../../grammar/core/messages/names.ts";
import { train as trainMsg } from "../../grammar/core/messages/train.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { ENUM_MEMBERS, PRIMITIVES } from "./builtins.ts";
import { checkType, checkedInt, resolveType } from "./args.ts";
import { evalApply, evalCall } from "./calls.ts";
import { unknownName } from "./check-names.ts";
import { moduleFrame, report, type Ctx, type Frame } from "./frame.ts";
import type { Entry } from "./resolve.ts";
import { binaryTensor } from "./tensor-ops.ts";
import { bool, describe, float, int, kindOf, num, POISON, type Value } from "./values.ts";

/** Evaluates an expression; `hint` names the outermost layer it creates (`q = …` → "q"). */
export function evalExpr(e: Expr, f: Frame, ctx: Ctx, hint?: string): Value {
  switch (e.kind) {
    case "int":
      return checkedInt(e.value, e.span, ctx, f);
    case "float":
      return float(e.value);
    case "bool":
      return bool(e.value);
    case "string":
      return { t: "string", v: e.value };
    case "ident":
      return lookup(e, f, ctx);
    case "tuple":
      return { t: "tuple", items: e.items.map((i) => evalExpr(i, f, ctx)) };
    case "unary": {
      const v = evalExpr(e.operand, f, ctx);
      if (v.t === "poison") return v;
      if (e.op === "-" && v.t === "int") return int(-v.v);
      if (e.op === "-" && v.t === "float") return float(-v.v);
      if (e.op === "not" && v.t === "bool") return bool(!v.v);
      report(
        ctx,
        f,
        msg.typeMismatch(e.span, `\`${e.op}\``, e.op === "-" ? "a number" : "a bool", describe(v)),
      );
      return POISON;
    }
    case "binary":
      return evalBinary(e, f, ctx);
    case "cond": {
      const test = evalExpr(e.test, f, ctx);
      if (test.t === "poison") return test;
      if (test.t !== "bool") {
        report(
          ctx,
          f,
          msg.typeMismatch(e.test.span, "the condition of `if`", "a bool", kindOf(test)),
        );
        return POISON;
      }
      return evalExpr(test.v ? e.then : e.else, f, ctx, hint);
    }
    case "call":
      return evalCall(e, f, ctx, hint);
    case "apply":
      return evalApply(e, f, ctx, hint);
  }
}

/** Resolves a name in value position. */
export function lookup(id: Ident, f: Frame, ctx: Ctx): Value {
  const local = f.vars.get(id.name);
  if (local !== undefined) return local;
  const entry = f.module.names.get(id.name);
  if (entry !== undefined) return entryValue(entry, id, f, ctx);
  if (f.module.enumMembers.has(id.name) || ENUM_MEMBERS.has(id.name))
    return { t: "enum", name: id.name };
  if (PRIMITIVES.has(id.name as never)) {
    report(
      ctx,
      f,
      msg.notAllowedHere(id.span, `the layer \`${id.name}\` without arguments`, "here"),
    );
    return POISON;
  }
  report(ctx, f, unknownName(id.name, id.span, f.vars.keys(), f.module));
  return POISON;
}

function entryValue(entry: Entry, id: Ident, f: Frame, ctx: Ctx): Value {
  switch (entry.kind) {
    case "poison":
      return POISON;
    case "const":
      return constValue(entry, ctx);
    case "block":
      report(
        ctx,
        f,
        msg.notAllowedHere(
          id.span,
          `the block \`${id.name}\` as a value`,
          "here (call it with its arguments)",
        ),
      );
      return POISON;
    case "model":
      report(ctx, f, nameMsg.notABlock(id.span, id.name, "a model"));
      return POISON;
  }
}

/** Folds a module constant once (memoised in its entry); cycles are reported at the definition. */
export function constValue(entry: Extract<Entry, { kind: "const" }>, ctx: Ctx): Value {
  const st = entry.state;
  if (st.value !== undefined) return st.value;
  const decl = entry.decl;
  if (st.busy === true) {
    ctx.r.report(nameMsg.constCycle(decl.name.span, decl.name.name));
    return POISON;
  }
  st.busy = true;
  const f = moduleFrame(entry.module);
  let v = evalExpr(decl.value, f, ctx);
  if (decl.type !== undefined && v.t !== "poison") {
    const ty = resolveType(decl.type, ctx, f);
    v =
      ty === undefined
        ? POISON
        : checkType(v, ty, `the constant \`${decl.name.name}\``, decl.value.span, ctx, f);
  }
  if (!isConstant(v) && v.t !== "poison") {
    ctx.r.report(msg.notConstant(decl.value.span, `the value of \`${decl.name.name}\``));
    v = POISON;
  }
  if (decl.fileValue !== undefined && decl.type === undefined && v.t !== "poison")
    v = sameKindAsFile(v, evalExpr(decl.fileValue, f, ctx), decl, ctx);
  st.busy = false;
  st.value = v;
  return v;
}

/**
 * A `--set` value of a constant without a type: of the kind of the file's value (an int stays an
 * int; a float accepts an int, as `3e-4` and `1` are both learning rates).
 */
function sameKindAsFile(v: Value, was: Value, decl: ConstDecl, ctx: Ctx): Value {
  if (was.t === "poison" || v.t === was.t) return v;
  if (was.t === "float" && v.t === "int") return float(v.v);
  ctx.r.report(trainMsg.overrideType(decl.value.span, decl.name.name, kindOf(was), kindOf(v)));
  return POISON;
}

function isConstant(v: Value): boolean {
  return (
    v.t === "int" ||
    v.t === "float" ||
    v.t === "bool" ||
    v.t === "string" ||
    v.t === "enum" ||
    (v.t === "tuple" && v.items.every(isConstant))
  );
}

function evalBinary(e: Binary, f: Frame, ctx: Ctx): Value {
  if (e.op === "and" || e.op === "or") {
    const l = evalExpr(e.left, f, ctx);
    if (l.t === "poison") return l;
    if (l.t !== "bool") return badOperands(e, l, l, f, ctx);
    if (e.op === "and" ? !l.v : l.v) return l;
    const r = evalExpr(e.right, f, ctx);
    if (r.t === "poison" || r.t === "bool") return r;
    return badOperands(e, l, r, f, ctx);
  }
  const l = evalExpr(e.left, f, ctx);
  const r = evalExpr(e.right, f, ctx);
  if (l.t === "poison" || r.t === "poison") return POISON;
  if (l.t === "tensor" || r.t === "tensor") return binaryTensor(e, l, r, f, ctx);
  const a = num(l);
  const b = num(r);
  if (e.op === "==" || e.op === "!=") {
    const eq = a !== undefined && b !== undefined ? a === b : sameScalar(l, r);
    if (eq === undefined) return badOperands(e, l, r, f, ctx);
    return bool(e.op === "==" ? eq : !eq);
  }
  if (a === undefined || b === undefined) return badOperands(e, l, r, f, ctx);
  const ints = l.t === "int" && r.t === "int";
  const folded = fold(e, a, b, ints, f, ctx);
  const r0 = folded.t === "int" ? checkedInt(folded.v, e.span, ctx, f) : folded;
  const carried =
    (l.t === "float" ? l.inexact : undefined) ?? (r.t === "float" ? r.inexact : undefined);
  return r0.t === "float" && r0.inexact === undefined && carried !== undefined
    ? { ...r0, inexact: carried }
    : r0;
}

function fold(e: Binary, a: number, b: number, ints: boolean, f: Frame, ctx: Ctx): Value {
  switch (e.op) {
    case "<":
      return bool(a < b);
    case "<=":
      return bool(a <= b);
    case ">":
      return bool(a > b);
    case ">=":
      return bool(a >= b);
    case "+":
      return ints ? int(a + b) : float(a + b);
    case "-":
      return ints ? int(a - b) : float(a - b);
    case "*":
      return ints ? int(a * b) : float(a * b);
    case "/":
      if (b === 0) return divZero(e, f, ctx);
      if (!ints) return float(a / b);
      return a % b === 0 ? int(a / b) : { t: "float", v: a / b, inexact: { span: e.span, a, b } };
    case "%":
      if (b === 0) return divZero(e, f, ctx);
      return ints ? int(((a % b) + b) % b) : float(((a % b) + b) % b);
    case "**":
      return ints && b >= 0 ? int(a ** b) : float(a ** b);
    default:
      return POISON;
  }
}

function sameScalar(l: Value, r: Value): boolean | undefined {
  if (l.t === "bool" && r.t === "bool") return l.v === r.v;
  if (l.t === "string" && r.t === "string") return l.v === r.v;
  if (l.t === "enum" && r.t === "enum") return l.name === r.name;
  return undefined;
}

function divZero(e: Binary, f: Frame, ctx: Ctx): Value {
  report(ctx, f, msg.divisionByZero(e.span));
  return POISON;
}

function badOperands(e: Binary, l: Value, r: Value, f: Frame, ctx: Ctx): Value {
  report(ctx, f, msg.badOperands(e.span, e.op, describe(l), describe(r)));
  return POISON;
}
