// Expression printing for the formatter: canonical spacing and the fewest parentheses that keep
// the tree the same (precedence and associativity as in docs/grammar.md).
import type { Arg, BinaryOp, Expr, TensorType, TypeRef } from "../ast.ts";

/** Binding strength, loosest first; an operand looser than its slot is parenthesized. */
const Prec = {
  Cond: 0,
  Or: 1,
  And: 2,
  Cmp: 3,
  Sum: 4,
  Product: 5,
  Power: 6,
  Unary: 7,
  Postfix: 8,
  Primary: 9,
} as const;
type Prec = number;

const BINARY_PREC: Readonly<Record<BinaryOp, Prec>> = {
  or: Prec.Or,
  and: Prec.And,
  "==": Prec.Cmp,
  "!=": Prec.Cmp,
  "<": Prec.Cmp,
  "<=": Prec.Cmp,
  ">": Prec.Cmp,
  ">=": Prec.Cmp,
  "+": Prec.Sum,
  "-": Prec.Sum,
  "*": Prec.Product,
  "/": Prec.Product,
  "%": Prec.Product,
  "**": Prec.Power,
};

function precOf(e: Expr): Prec {
  switch (e.kind) {
    case "cond":
      return Prec.Cond;
    case "binary":
      return BINARY_PREC[e.op];
    case "unary":
      return Prec.Unary;
    case "call":
    case "apply":
      return Prec.Postfix;
    default:
      return Prec.Primary;
  }
}

/** A string literal with the four escapes of the language. */
export function quote(value: string): string {
  const body = value
    .replace(/\\/g, "\\\\")
    .replace(/"/g, '\\"')
    .replace(/\n/g, "\\n")
    .replace(/\t/g, "\\t");
  return `"${body}"`;
}

/** The expression in canonical form, parenthesized when it binds looser than `min`. */
export function printExpr(e: Expr, min: Prec = Prec.Cond): string {
  const s = printBare(e);
  return precOf(e) < min ? `(${s})` : s;
}

function printBare(e: Expr): string {
  switch (e.kind) {
    case "int":
    case "float":
      return e.text;
    case "bool":
      return e.value ? "true" : "false";
    case "string":
      return quote(e.value);
    case "ident":
      return e.name;
    case "tuple":
      return `(${e.items.map((i) => printExpr(i)).join(", ")})`;
    case "unary": {
      const operand = printExpr(e.operand, Prec.Unary);
      if (e.op === "not") return `not ${operand}`;
      return operand.startsWith("-") ? `- ${operand}` : `-${operand}`;
    }
    case "binary": {
      const p = BINARY_PREC[e.op];
      // `**` is right-associative; comparisons do not chain; the rest are left-associative.
      const leftMin = e.op === "**" ? Prec.Unary : p === Prec.Cmp ? p + 1 : p;
      const rightMin = e.op === "**" ? p : p + 1;
      return `${printExpr(e.left, leftMin)} ${e.op} ${printExpr(e.right, rightMin)}`;
    }
    case "cond":
      return `if ${printExpr(e.test)} then ${printExpr(e.then)} else ${printExpr(e.else)}`;
    case "call":
      return `${e.callee.name}(${printArgs(e.args)})`;
    case "apply":
      return `${printBare(e.fn)}(${printArgs(e.inputs)})`;
  }
}

/** `a, b, name: c` */
export function printArgs(args: readonly Arg[]): string {
  return args
    .map((a) =>
      a.name === undefined ? printExpr(a.value) : `${a.name.name}: ${printExpr(a.value)}`,
    )
    .join(", ");
}

/** `int` or `gelu | relu | silu` */
export function printTypeRef(t: TypeRef): string {
  return t.names.map((n) => n.name).join(" | ");
}

/** `int[batch, ctx]` */
export function printTensorType(t: TensorType): string {
  return `${t.dtype.name}[${t.dims.map((d) => printExpr(d)).join(", ")}]`;
}
