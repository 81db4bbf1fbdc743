// CST → AST for expressions and argument lists, with the expression-level syntax checks:
// chained comparisons, calls of non-names, one-item tuples, duplicate and misplaced named arguments.
import type { IToken } from "chevrotain";
import type { Arg, BinaryOp, Call, Expr, Ident } from "./ast.ts";
import type * as C from "./cst.generated.d.ts";
import { joinSpans } from "./core/source.ts";
import { syntax } from "./core/messages/syntax.ts";
import { decodeNumber, decodeString } from "./literals.ts";
import { type AstContext, clampSpan, first, identOf, isReal, spanOf, startOf, tokensOf } from "./to-ast-support.ts";

/** A placeholder for an expression that recovery left out (an empty name, zero width). */
function missing(cx: AstContext, at: number): Ident {
  return { kind: "ident", name: "", span: clampSpan(cx, at, at) };
}

export function toExpr(cx: AstContext, n: C.ExprCstNode | undefined, at: number): Expr {
  if (n === undefined) return missing(cx, at);
  const cond = first(n.children.condExpr);
  if (cond !== undefined) {
    const c = cond.children;
    const from = startOf(cond, at);
    const test = toExpr(cx, c.expr?.[0], from);
    const then = toExpr(cx, c.expr?.[1], test.span.end);
    const otherwise = toExpr(cx, c.expr?.[2], then.span.end);
    return { kind: "cond", test, then, else: otherwise, span: spanOf(cx, at, cond) };
  }
  return orExpr(cx, first(n.children.orExpr), at);
}

/** Fold `operand (op operand)*` to the left; ops are merged from several token lists by offset. */
function foldLeft(cx: AstContext, operands: Expr[], ops: IToken[]): Expr {
  let acc = operands[0]!;
  for (let i = 1; i < operands.length; i++) {
    const right = operands[i]!;
    const op = (ops[i - 1]?.image ?? "+") as BinaryOp;
    acc = { kind: "binary", op, left: acc, right, span: joinSpans(acc.span, right.span) };
  }
  return clampExpr(cx, acc);
}

const clampExpr = (cx: AstContext, e: Expr): Expr =>
  e.span.end <= cx.text.length ? e : { ...e, span: clampSpan(cx, e.span.start, e.span.end) };

function orExpr(cx: AstContext, n: C.OrExprCstNode | undefined, at: number): Expr {
  if (n === undefined) return missing(cx, at);
  const operands = chain(cx, n.children.andExpr, at, (m, a) => andExpr(cx, m, a));
  return foldLeft(cx, operands, tokensOf(n, ["Or"]));
}

function andExpr(cx: AstContext, n: C.AndExprCstNode, at: number): Expr {
  const operands = chain(cx, n.children.cmpExpr, at, (m, a) => cmpExpr(cx, m, a));
  return foldLeft(cx, operands, tokensOf(n, ["And"]));
}

function cmpExpr(cx: AstContext, n: C.CmpExprCstNode, at: number): Expr {
  const operands = chain(cx, n.children.sumExpr, at, (m, a) => sumExpr(cx, m, a));
  const ops = tokensOf(n, ["EqEq", "NotEq", "LtEq", "GtEq", "Lt", "Gt"]);
  const e = foldLeft(cx, operands, ops);
  if (ops.length > 1) cx.diags.push(syntax.chainedComparison(e.span));
  return e;
}

function sumExpr(cx: AstContext, n: C.SumExprCstNode, at: number): Expr {
  const operands = chain(cx, n.children.productExpr, at, (m, a) => productExpr(cx, m, a));
  return foldLeft(cx, operands, tokensOf(n, ["Plus", "Minus"]));
}

function productExpr(cx: AstContext, n: C.ProductExprCstNode, at: number): Expr {
  const operands = chain(cx, n.children.powerExpr, at, (m, a) => powerExpr(cx, m, a));
  return foldLeft(cx, operands, tokensOf(n, ["Star", "Slash", "Percent"]));
}

/** Convert each operand; an empty list (a recovered node) yields one placeholder. */
function chain<N>(cx: AstContext, nodes: readonly N[] | undefined, at: number, f: (n: N, at: number) => Expr): Expr[] {
  const out: Expr[] = [];
  let pos = at;
  for (const m of nodes ?? []) {
    const e = f(m, pos);
    out.push(e);
    pos = e.span.end;
  }
  if (out.length === 0) out.push(missing(cx, at));
  return out;
}

function powerExpr(cx: AstContext, n: C.PowerExprCstNode, at: number): Expr {
  const base = unaryExpr(cx, first(n.children.unaryExpr), at);
  const exp = first(n.children.powerExpr);
  if (exp === undefined) return base;
  const right = powerExpr(cx, exp, base.span.end);
  return { kind: "binary", op: "**", left: base, right, span: joinSpans(base.span, right.span) };
}

function unaryExpr(cx: AstContext, n: C.UnaryExprCstNode | undefined, at: number): Expr {
  if (n === undefined) return missing(cx, at);
  const c = n.children;
  const op = first(c.Minus) ?? first(c.Not);
  if (op !== undefined) {
    const operand = unaryExpr(cx, first(c.unaryExpr), startOf(op, at) + 1);
    return { kind: "unary", op: op.image === "not" ? "not" : "-", operand, span: spanOf(cx, at, n) };
  }
  return postfixExpr(cx, first(c.postfixExpr), at);
}

function postfixExpr(cx: AstContext, n: C.PostfixExprCstNode | undefined, at: number): Expr {
  if (n === undefined) return missing(cx, at);
  const head = primary(cx, first(n.children.primary), at);
  const lists = n.children.argList ?? [];
  if (lists.length === 0) return head;
  const parenthesized = first(n.children.primary)?.children.parenExpr !== undefined;
  if (head.kind !== "ident" || parenthesized) {
    cx.diags.push(syntax.calleeNotName(head.span));
    return head;
  }
  const call: Call = { kind: "call", callee: head, args: toArgs(cx, lists[0]), span: spanOf(cx, at, first(n.children.primary), lists[0]) };
  const second = lists[1];
  if (second === undefined) return call;
  return { kind: "apply", fn: call, inputs: toArgs(cx, second), span: spanOf(cx, at, n) };
}

function primary(cx: AstContext, n: C.PrimaryCstNode | undefined, at: number): Expr {
  if (n === undefined) return missing(cx, at);
  const c = n.children;
  const num = first(c.NumberLit);
  if (isReal(num)) {
    const span = spanOf(cx, at, num);
    const { kind, value } = decodeNumber(num.image, span, cx.diags);
    return { kind, value, text: num.image, span };
  }
  const str = first(c.StringLit);
  if (isReal(str)) {
    return { kind: "string", value: decodeString(str.image, str.tokenType.name !== "UnterminatedString", str.startOffset, cx.file, cx.diags), span: spanOf(cx, at, str) };
  }
  const bool = first(c.True) ?? first(c.False);
  if (isReal(bool)) return { kind: "bool", value: bool.image === "true", span: spanOf(cx, at, bool) };
  const id = first(c.Identifier);
  if (id !== undefined) return identOf(cx, id, at);
  const paren = first(c.parenExpr);
  if (paren !== undefined) return parenExpr(cx, paren, at);
  return missing(cx, at);
}

function parenExpr(cx: AstContext, n: C.ParenExprCstNode, at: number): Expr {
  const items = chain(cx, n.children.expr, startOf(n, at) + 1, (m, a) => toExpr(cx, m, a));
  const commas = n.children.Comma?.length ?? 0;
  if (items.length >= 2) return { kind: "tuple", items, span: spanOf(cx, at, n) };
  const only = items[0]!;
  if (commas > 0) cx.diags.push(syntax.oneItemTuple(spanOf(cx, at, n)));
  return only;
}

/** Arguments of `( … )`, checking named-argument order and duplicates. */
export function toArgs(cx: AstContext, n: C.ArgListCstNode | undefined): Arg[] {
  if (n === undefined) return [];
  const out: Arg[] = [];
  const named = new Map<string, Ident>();
  let sawNamed = false;
  let pos = startOf(n, 0) + 1;
  for (const a of n.children.arg ?? []) {
    const nameTok = first(a.children.AnyWord);
    const name = nameTok !== undefined && first(a.children.Colon) !== undefined ? identOf(cx, nameTok, pos) : undefined;
    const value = toExpr(cx, first(a.children.expr), name?.span.end ?? startOf(a, pos));
    const span = spanOf(cx, pos, a);
    pos = span.end;
    if (name !== undefined) {
      const prev = named.get(name.name);
      if (prev !== undefined && name.name !== "") {
        cx.diags.push(
          syntax.duplicateNamedArg.with({ related: [{ span: prev.span, message: "first given here" }] })(name.span, name.name),
        );
      } else named.set(name.name, name);
      sawNamed = true;
      out.push({ kind: "arg", name, value, span });
    } else {
      if (sawNamed) cx.diags.push(syntax.positionalAfterNamed(span));
      out.push({ kind: "arg", value, span });
    }
  }
  return out;
}
