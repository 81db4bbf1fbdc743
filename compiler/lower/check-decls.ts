// Every declaration of the entry file is checked, used by its model or not: each constant is
// folded with its type; each block parameter's constant default is checked against its type; in
// every block and model body (walked by the name check, check-names.ts, with the locals each
// expression sees), each constant subexpression is folded (division by zero, integers past 2^53)
// and each call of a primitive layer, a block, `attend` or a placement is bound against its
// signature with its constant arguments (a non-integral `/` given to an `int`, a wrong type, a
// missing or unknown argument). What lowering reaches it reports the same way; the reporter drops
// the repeats. A branch of an `if` statement is checked whether or not it is taken.
import type { Call, Expr } from "../../grammar/ast.ts";
import { bindArgs, builtinParams, checkType, resolveType, type ParamLike } from "./args.ts";
import {
  ATTEND,
  ENUM_MEMBERS,
  MOA_MIX,
  PLACEMENT_CALLS,
  PRIMITIVES,
  SCALAR_FUNCTIONS,
} from "./builtins.ts";
import { blockParams } from "./calls.ts";
import { checkBlockNames, subExprs } from "./check-names.ts";
import { constValue } from "./eval.ts";
import { moduleFrame, type Ctx, type Frame, type StmtTable } from "./frame.ts";
import type { ModuleInfo } from "./resolve.ts";
import { POISON, type PrimName, type Value } from "./values.ts";

/** Checks the constants, parameter defaults and bodies of `m` (the name check included). */
export function checkDeclarations(m: ModuleInfo, ctx: Ctx, table: StmtTable): void {
  const mf = moduleFrame(m);
  for (const entry of m.names.values())
    if (entry.kind === "const" && entry.module === m) constValue(entry, ctx);
  for (const decl of m.ast.decls) {
    if (decl.kind !== "block") continue;
    for (const p of decl.params) {
      if (p.default === undefined || !isConstant(p.default, new Set(), m)) continue;
      const type = resolveType(p.type, ctx, mf);
      const v = ctx.lower.evalExpr(p.default, mf, ctx);
      if (type !== undefined)
        checkType(v, type, `the default of \`${p.name.name}\``, p.default.span, ctx, mf);
    }
  }
  checkBlockNames(
    m,
    ctx.r,
    table,
    (e, locals) => visit(e, locals, mf, ctx),
    (s, entry, locals) => entry.check?.(s, constantOr(locals, mf, ctx), mf, ctx),
  );
}

/** Folds the largest constant subexpressions of `e`; binds the calls it meets on the way. */
function visit(e: Expr, locals: ReadonlySet<string>, mf: Frame, ctx: Ctx): void {
  const m = mf.module;
  if (isConstant(e, locals, m)) {
    if (e.kind !== "int" && e.kind !== "float" && e.kind !== "bool" && e.kind !== "string")
      ctx.lower.evalExpr(e, mf, ctx);
    return;
  }
  if (e.kind === "call") bindCall(e, locals, mf, ctx);
  for (const x of subExprs(e)) visit(x, locals, mf, ctx);
}

/** A call's signature, when its callee is known without lowering (not a local's value). */
function signatureOf(
  e: Call,
  locals: ReadonlySet<string>,
  m: ModuleInfo,
  ctx: Ctx,
): { params: ParamLike[]; named: boolean } | undefined {
  const name = e.callee.name;
  if (locals.has(name)) return undefined;
  const entry = m.names.get(name);
  if (entry !== undefined)
    return entry.kind === "block"
      ? { params: blockParams(entry.decl, entry.module, ctx), named: false }
      : undefined;
  const prim = PRIMITIVES.get(name as PrimName);
  if (prim !== undefined) return { params: builtinParams(prim), named: false };
  const placement = PLACEMENT_CALLS.get(name);
  if (placement !== undefined) return { params: builtinParams(placement), named: false };
  // attend(q, k, v, heads: …): the tensors are positional, the settings named
  if (name === "attend") return { params: builtinParams(ATTEND), named: true };
  if (name === "moa_mix") return { params: builtinParams(MOA_MIX), named: true };
  return undefined;
}

/** Binds a call's arguments: constant ones are folded and type-checked, the others stay unknown. */
function bindCall(e: Call, locals: ReadonlySet<string>, mf: Frame, ctx: Ctx): void {
  const sig = signatureOf(e, locals, mf.module, ctx);
  if (sig === undefined) return;
  const args = sig.named ? e.args.filter((a) => a.name !== undefined) : e.args;
  bindArgs(e.callee.name, sig.params, args, constantOr(locals, mf, ctx), e.span, ctx, mf);
}

/** An expression's folded value when it is constant (isConstant), else POISON (not known here). */
function constantOr(locals: ReadonlySet<string>, mf: Frame, ctx: Ctx): (e: Expr) => Value {
  return (e) => (isConstant(e, locals, mf.module) ? ctx.lower.evalExpr(e, mf, ctx) : POISON);
}

/** True when `e` folds without a frame: literals, module constants, enum members, scalar functions. */
function isConstant(e: Expr, locals: ReadonlySet<string>, m: ModuleInfo): boolean {
  const rec = (x: Expr): boolean => isConstant(x, locals, m);
  switch (e.kind) {
    case "int":
    case "float":
    case "bool":
    case "string":
      return true;
    case "ident": {
      if (locals.has(e.name)) return false;
      const entry = m.names.get(e.name);
      if (entry !== undefined) return entry.kind === "const";
      return m.enumMembers.has(e.name) || ENUM_MEMBERS.has(e.name);
    }
    case "tuple":
      return e.items.every(rec);
    case "unary":
      return rec(e.operand);
    case "binary":
      return rec(e.left) && rec(e.right);
    case "cond":
      return rec(e.test) && rec(e.then) && rec(e.else);
    case "call": {
      const name = e.callee.name;
      if (locals.has(name) || m.names.has(name)) return false;
      if (!SCALAR_FUNCTIONS.has(name) && !PLACEMENT_CALLS.has(name)) return false;
      return e.args.every((a) => rec(a.value));
    }
    case "apply":
      return false;
  }
}
