// Argument binding and type checks: positional then named arguments against a parameter list,
// with missing / unknown / duplicate / too-many errors and typed coercion (int → float).
import type { Arg, Expr, TypeRef } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { ENUM_MEMBERS, NAMED_TYPES, showType, type Signature, type TypeSpec } from "./builtins.ts";
import { report, type Ctx, type Frame } from "./frame.ts";
import { describe, POISON, type Value } from "./values.ts";

/**
 * The scalar values that bindArgs filled in from a default (a copy per binding), so that a construct
 * can tell a value its caller wrote from one nobody chose, also through a block's parameters
 * (`MoeFFN(router: hash)` passes MoeFFN's default `top_k` on to `moe`): isDefaulted.
 */
const defaulted = new WeakSet<Value>();

/** True when `v` came from a parameter's default, not from an argument someone wrote. */
export function isDefaulted(v: Value | undefined): boolean {
  return v !== undefined && defaulted.has(v);
}

/** A default value, marked as such (scalars are copied, so the mark does not reach a written value). */
function fromDefault(v: Value): Value {
  if (v.t !== "int" && v.t !== "float" && v.t !== "bool" && v.t !== "enum") return v;
  const copy = { ...v };
  defaulted.add(copy);
  return copy;
}

/** A parameter to bind: a builtin's fixed default or a block's default expression (lazy). */
export interface ParamLike {
  readonly name: string;
  readonly type: TypeSpec;
  /** Computes the default from the arguments bound so far; absent = required. */
  readonly default?: (bound: ReadonlyMap<string, Value>) => Value;
}

/** A builtin signature as ParamLikes. */
export function builtinParams(sig: Signature): ParamLike[] {
  return sig.params.map((p) => {
    const d = p.default;
    if (d === undefined) return { name: p.name, type: p.type };
    if ("sameAs" in d)
      return { name: p.name, type: p.type, default: (b) => b.get(d.sameAs) ?? POISON };
    return { name: p.name, type: p.type, default: () => d };
  });
}

/**
 * Binds `args` (evaluated in the caller's frame by `evalArg`) to `params`. Returns the bound map
 * (poison for arguments in error), or undefined when the call shape itself is wrong.
 */
export function bindArgs(
  callee: string,
  params: readonly ParamLike[],
  args: readonly Arg[],
  evalArg: (e: Expr) => Value,
  callSpan: Span,
  ctx: Ctx,
  f: Frame,
): Map<string, Value> | undefined {
  const given = new Map<string, { arg: Arg; index: number }>();
  let ok = true;
  let sawNamed = false;
  args.forEach((arg, index) => {
    if (arg.name === undefined) {
      if (sawNamed) {
        report(ctx, f, msg.positionalAfterNamed(arg.span));
        ok = false;
        return;
      }
      const p = params[index];
      if (p === undefined) {
        if (index === params.length)
          report(
            ctx,
            f,
            msg.tooManyArguments(
              arg.span,
              callee,
              params.length,
              args.filter((a) => a.name === undefined).length,
            ),
          );
        ok = false;
        return;
      }
      given.set(p.name, { arg, index });
      return;
    }
    sawNamed = true;
    const name = arg.name.name;
    if (!params.some((p) => p.name === name)) {
      const hint = didYouMean(
        name,
        params.map((p) => p.name),
      );
      report(ctx, f, msg.unknownArgument.with({ hint })(arg.name.span, name, callee));
      ok = false;
      return;
    }
    if (given.has(name)) {
      report(ctx, f, msg.duplicateArgument(arg.name.span, name));
      ok = false;
      return;
    }
    given.set(name, { arg, index });
  });
  const bound = new Map<string, Value>();
  for (const p of params) {
    const g = given.get(p.name);
    if (g !== undefined) {
      const v = evalArg(g.arg.value);
      bound.set(
        p.name,
        checkType(
          v,
          p.type,
          `the argument \`${p.name}\` of \`${callee}\``,
          g.arg.value.span,
          ctx,
          f,
        ),
      );
    } else if (p.default !== undefined) {
      bound.set(p.name, fromDefault(p.default(bound)));
    } else {
      report(ctx, f, msg.missingArgument(callSpan, p.name, callee));
      bound.set(p.name, POISON);
      ok = false;
    }
  }
  return ok ? bound : undefined;
}

/**
 * Where the argument bound to parameter `name` (at position `index`, -1 for named-only) is written:
 * its value's span, so an error points at the argument at fault; `fallback` (the call) if absent.
 */
export function argSpan(args: readonly Arg[], name: string, index: number, fallback: Span): Span {
  const named = args.find((a) => a.name?.name === name);
  const positional = index >= 0 && args[index]?.name === undefined ? args[index] : undefined;
  return (named ?? positional)?.value.span ?? fallback;
}

/** The span of each parameter's argument in a call (argSpan), for errors found after binding. */
export function argSpans(
  params: readonly { readonly name: string }[],
  args: readonly Arg[],
  fallback: Span,
): Map<string, Span> {
  return new Map(params.map((p, i) => [p.name, argSpan(args, p.name, i, fallback)]));
}

/** Checks `v` against a type, converting int to float; reports and returns poison on mismatch. */
export function checkType(
  v: Value,
  t: TypeSpec,
  what: string,
  span: Span,
  ctx: Ctx,
  f: Frame | undefined,
): Value {
  if (v.t === "poison" || t.k === "unknown") return v;
  switch (t.k) {
    case "int":
      if (v.t === "int") return v;
      if (v.t === "float" && v.inexact !== undefined) {
        report(ctx, f, msg.inexactDivision(v.inexact.span, v.inexact.a, v.inexact.b));
        return POISON;
      }
      break;
    case "float":
      if (v.t === "float") return v.inexact === undefined ? v : { t: "float", v: v.v };
      if (v.t === "int") return { t: "float", v: v.v };
      break;
    case "bool":
      if (v.t === "bool") return v;
      break;
    case "string":
      if (v.t === "string") return v;
      break;
    case "enum":
      if (v.t === "enum" && t.members.includes(v.name)) return v;
      break;
  }
  report(ctx, f, msg.typeMismatch(span, what, showType(t), describeTyped(v)));
  return POISON;
}

/** An integer, or an error (inexact division at its `/`, else a type mismatch); poison passes. */
export function requireInt(
  v: Value,
  what: string,
  span: Span,
  ctx: Ctx,
  f: Frame,
): number | undefined {
  const r = checkType(v, { k: "int" }, what, span, ctx, f);
  return r.t === "int" ? r.v : undefined;
}

/**
 * An integer result of folding (a literal, `a * b`, `floor(x)`): past ±(2^53 − 1) a float64 no
 * longer holds every integer (`2 ** 53 + 1 - 2 ** 53` would fold to 0), so it is an error at `span`.
 */
export function checkedInt(v: number, span: Span, ctx: Ctx, f: Frame | undefined): Value {
  if (Number.isSafeInteger(v)) return { t: "int", v };
  report(ctx, f, msg.unsafeInteger(span, String(v)));
  return POISON;
}

/** `\`rmsnorm\` (a normkind)` for builtin enum members, else describe(v). */
export function describeTyped(v: Value): string {
  if (v.t !== "enum") return describe(v);
  const ty = ENUM_MEMBERS.get(v.name);
  return ty === undefined
    ? describe(v)
    : `\`${v.name}\` (${/^[aeiou]/.test(ty) ? "an" : "a"} ${ty})`;
}

/** The TypeSpec of a written type: a named type or an inline enum; reports unknown names. */
export function resolveType(t: TypeRef, ctx: Ctx, f: Frame | undefined): TypeSpec | undefined {
  if (t.names.length >= 2) {
    const members = t.names.map((n) => n.name);
    return { k: "enum", name: members.join(" | "), members };
  }
  const n = t.names[0];
  if (n === undefined) return undefined;
  const named = NAMED_TYPES.get(n.name);
  if (named === undefined) {
    report(
      ctx,
      f,
      msg.unknownType.with({ hint: didYouMean(n.name, NAMED_TYPES.keys()) })(n.span, n.name),
    );
  }
  return named;
}
