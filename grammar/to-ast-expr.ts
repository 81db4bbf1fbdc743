// CST → AST for expressions and argument lists (binary operators folded by precedence here), with
// the expression-level syntax checks: chained comparisons, calls of non-names, one-item tuples, duplicate and misplaced named arguments.
import type { IToken } from "chevrotain";
import type { Arg, BinaryOp, Call, Expr } from "./ast.ts";
import type * as C from "./cst.generated.d.ts";
import { joinSpans } from "./core/source.ts";
import { syntax } from "./core/messages/syntax.ts";
import { decodeNumber, decodeString } from "./literals.ts";
import {
  type AstContext,
  clampSpan,
  endOf,
  first,
  identOf,
  isReal,
  missing,
  NONE,
  spanOf,
  startOf,
} from "./to-ast-support.ts";

export function toExpr(cx: AstContext, n: C.ExprCstNode | undefined, at: number): Expr {
  if (n === undefined) return missing(cx, at);
  const c = n.children;
  if (c.If !== undefined) {
    const test = toExpr(cx, c.expr?.[0], endOf(first(c.If), at));
    const then = toExpr(cx, c.expr?.[1], test.span.end);
    const otherwise = toExpr(cx, c.expr?.[2], then.span.end);
    return { kind: "cond", test, then, else: otherwise, span: spanOf(cx, at, n) };
  }
  // The first operand is inline in the expr node, the later ones are unaryExpr nodes.
  const firstOperand = unaryExpr(cx, c, at);
  const rest = c.unaryExpr;
  if (rest === undefined) return firstOperand; // the common case: one operand
  const operands: Expr[] = [firstOperand];
  let pos = firstOperand.span.end;
  for (const u of rest) {
    const e = unaryExpr(cx, u.children, pos);
    operands.push(e);
    pos = e.span.end;
  }
  return foldBinary(cx, operands, (c.BinaryOp ?? []).filter(isReal));
}

/** Binding power of each binary operator, loosest first (docs/grammar.md `or` … `power`). */
const PRECEDENCE: Readonly<Record<string, number>> = {
  or: 1,
  and: 2,
  "==": 3,
  "!=": 3,
  "<": 3,
  "<=": 3,
  ">": 3,
  ">=": 3,
  "+": 4,
  "-": 4,
  "*": 5,
  "/": 5,
  "%": 5,
  "**": 6,
};
const COMPARISON = 3;

/**
 * Precedence climbing over `operand (op operand)*`: left-associative except `**`; comparisons are
 * non-associative, so a chain such as `a < b < c` is reported (it still folds, to the left).
 */
function foldBinary(cx: AstContext, operands: readonly Expr[], ops: readonly IToken[]): Expr {
  return climb(cx, operands, ops, { next: 0 }, 0);
}

/** One precedence level of foldBinary; `at.next` is the index of the next operand (ops[next - 1] precedes it). */
function climb(
  cx: AstContext,
  operands: readonly Expr[],
  ops: readonly IToken[],
  at: { next: number },
  minPrec: number,
): Expr {
  let left = operands[at.next++] ?? missing(cx, operands[operands.length - 1]?.span.end ?? 0);
  let lastWasComparison = false;
  for (;;) {
    const tok = ops[at.next - 1];
    if (tok === undefined || at.next >= operands.length) return left;
    const prec = PRECEDENCE[tok.image] ?? 0;
    if (prec < minPrec) return left;
    const right = climb(cx, operands, ops, at, tok.image === "**" ? prec : prec + 1);
    const span = joinSpans(left.span, right.span);
    if (prec === COMPARISON && lastWasComparison) cx.diags.push(syntax.chainedComparison(span));
    lastWasComparison = prec === COMPARISON;
    left = { kind: "binary", op: tok.image as BinaryOp, left, right, span };
  }
}

/** One operand: the children of a unaryExpr node, or of an expr node for its first operand. */
function unaryExpr(cx: AstContext, c: C.UnaryExprCstChildren, at: number): Expr {
  if (c.Minus === undefined && c.Not === undefined) return postfix(cx, c, at);
  const prefixes = [...(c.Minus ?? []), ...(c.Not ?? [])]
    .filter(isReal)
    .sort((a, b) => a.startOffset - b.startOffset);
  const start = prefixes[0]?.startOffset ?? at;
  let e = postfix(cx, c, prefixes.length > 0 ? endOf(prefixes[prefixes.length - 1], at) : at);
  for (let i = prefixes.length - 1; i >= 0; i--) {
    const op = prefixes[i]!;
    e = {
      kind: "unary",
      op: op.image === "not" ? "not" : "-",
      operand: e,
      span: clampSpan(cx, op.startOffset, e.span.end),
    };
  }
  return prefixes.length > 0 ? { ...e, span: clampSpan(cx, start, e.span.end) } : e;
}

/** The primary of an operand, then its call and apply argument lists. */
function postfix(cx: AstContext, c: C.UnaryExprCstChildren, at: number): Expr {
  const head = primary(cx, c, at);
  const lists = c.argList ?? NONE;
  if (lists.length === 0) return head;
  if (head.kind !== "ident" || c.parenExpr !== undefined) {
    cx.diags.push(syntax.calleeNotName(head.span));
    return head;
  }
  const call: Call = {
    kind: "call",
    callee: head,
    args: toArgs(cx, lists[0]),
    span: spanOf(cx, at, first(c.Identifier), lists[0]),
  };
  const second = lists[1];
  if (second === undefined) return call;
  return {
    kind: "apply",
    fn: call,
    inputs: toArgs(cx, second),
    span: spanOf(cx, at, first(c.Identifier), second),
  };
}

function primary(cx: AstContext, c: C.UnaryExprCstChildren, at: number): Expr {
  const num = first(c.NumberLit);
  if (isReal(num)) {
    const span = spanOf(cx, at, num);
    const { kind, value } = decodeNumber(num.image, span, cx.diags);
    return { kind, value, text: num.image, span };
  }
  const str = first(c.StringLit);
  if (isReal(str)) {
    return {
      kind: "string",
      value: decodeString(
        str.image,
        str.tokenType.name !== "UnterminatedString",
        str.startOffset,
        cx.file,
        cx.diags,
      ),
      span: spanOf(cx, at, str),
    };
  }
  const bool = first(c.True) ?? first(c.False);
  if (isReal(bool))
    return { kind: "bool", value: bool.image === "true", span: spanOf(cx, at, bool) };
  const id = first(c.Identifier);
  if (id !== undefined) return identOf(cx, id, at);
  const paren = first(c.parenExpr);
  if (paren !== undefined) return parenExpr(cx, paren, at);
  return missing(cx, at);
}

function parenExpr(cx: AstContext, n: C.ParenExprCstNode, at: number): Expr {
  const items: Expr[] = [];
  let pos = startOf(n, at) + 1;
  for (const m of n.children.expr ?? []) {
    const e = toExpr(cx, m, pos);
    items.push(e);
    pos = e.span.end;
  }
  if (items.length === 0) items.push(missing(cx, pos));
  const commas = n.children.Comma?.length ?? 0;
  if (items.length >= 2) return { kind: "tuple", items, span: spanOf(cx, at, n) };
  const only = items[0]!;
  if (commas > 0) cx.diags.push(syntax.oneItemTuple(spanOf(cx, at, n)));
  return only;
}

/**
 * Arguments of `( … )`, checking named-argument order and duplicates. The CST lists names and
 * values separately (no node per argument): a name belongs to the value that follows it.
 */
export function toArgs(cx: AstContext, n: C.ArgListCstNode | undefined): Arg[] {
  if (n === undefined) return [];
  const c = n.children;
  const values = c.expr ?? NONE;
  const names = c.AnyWord ?? NONE;
  // Exact size (`push` would reserve 16 slots): the AST outlives the parse.
  const out = new Array<Arg>(values.length);
  let count = 0;
  let sawNamed = false;
  let pos = startOf(n, 0) + 1;
  let nextName = 0;
  for (const v of values) {
    const vStart = startOf(v, pos);
    let nameTok: IToken | undefined;
    while (
      nextName < names.length &&
      !(isReal(names[nextName]) && names[nextName]!.startOffset >= pos)
    ) {
      nextName++;
    }
    const candidate = names[nextName];
    if (candidate !== undefined && candidate.startOffset < vStart) {
      nameTok = candidate;
      nextName++;
    }
    const name = nameTok !== undefined ? identOf(cx, nameTok, pos) : undefined;
    const value = toExpr(cx, v, name?.span.end ?? vStart);
    const span = name !== undefined ? joinSpans(name.span, value.span) : value.span;
    pos = Math.max(span.end, endOf(v, span.end));
    if (name !== undefined) {
      // Argument lists are short: a linear look for an earlier use of the name is cheapest.
      let prev: Arg | undefined;
      for (let k = 0; k < count && prev === undefined; k++)
        if (out[k]!.name?.name === name.name) prev = out[k];
      if (prev?.name !== undefined && name.name !== "") {
        cx.diags.push(
          syntax.duplicateNamedArg.with({
            related: [{ span: prev.name.span, message: "first given here" }],
          })(name.span, name.name),
        );
      }
      sawNamed = true;
      out[count++] = { kind: "arg", name, value, span };
    } else {
      if (sawNamed) cx.diags.push(syntax.positionalAfterNamed(span));
      out[count++] = { kind: "arg", value, span };
    }
  }
  return out;
}
