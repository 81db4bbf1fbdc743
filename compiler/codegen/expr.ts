// Codegen's expression and statement structures: emitters build these plain-data trees, and
// print.ts turns them into text. Nothing in codegen concatenates source text outside print.ts.

/** A TypeScript expression of the generated program. */
export type Expr =
  | { readonly k: "ref"; readonly name: string }
  | { readonly k: "num"; readonly value: number }
  | { readonly k: "str"; readonly value: string }
  | { readonly k: "bool"; readonly value: boolean }
  | { readonly k: "null" }
  /** A template literal: strings and interpolated expressions, in order. */
  | { readonly k: "tpl"; readonly parts: readonly (string | Expr)[] }
  | { readonly k: "call"; readonly callee: Expr; readonly args: readonly Expr[] }
  | { readonly k: "member"; readonly object: Expr; readonly name: string }
  | { readonly k: "index"; readonly object: Expr; readonly index: number }
  | { readonly k: "array"; readonly items: readonly Expr[] }
  | { readonly k: "object"; readonly props: readonly (readonly [string, Expr])[] }
  | { readonly k: "cast"; readonly expr: Expr; readonly type: string }
  /** `expr as const` */
  | { readonly k: "asConst"; readonly expr: Expr };

/** A statement of a function body. Comments end the line they belong to. */
export type Stmt =
  | { readonly k: "const"; readonly name: string; readonly expr: Expr; readonly comment?: string }
  /** `const [a, b] = expr;` */
  | {
      readonly k: "constTuple";
      readonly names: readonly string[];
      readonly expr: Expr;
      readonly comment?: string;
    }
  | { readonly k: "let"; readonly name: string; readonly expr: Expr; readonly comment?: string }
  /** `for (let i = from; i < to; i++) target = expr;` */
  | {
      readonly k: "loop";
      readonly index: string;
      readonly from: number;
      readonly to: number;
      readonly target: string;
      readonly expr: Expr;
      readonly comment?: string;
    }
  | { readonly k: "return"; readonly expr: Expr };

/** A module-level function. */
export interface FunctionDecl {
  readonly name: string;
  readonly exported: boolean;
  /** Lines of the TSDoc comment above it. */
  readonly doc: readonly string[];
  readonly params: readonly { readonly name: string; readonly type: string }[];
  readonly returnType: string;
  readonly body: readonly Stmt[];
}

export const ref = (name: string): Expr => ({ k: "ref", name });
export const num = (value: number): Expr => ({ k: "num", value });
export const str = (value: string): Expr => ({ k: "str", value });
export const bool = (value: boolean): Expr => ({ k: "bool", value });
export const nul: Expr = { k: "null" };
export const call = (callee: string | Expr, ...args: readonly Expr[]): Expr => ({
  k: "call",
  callee: typeof callee === "string" ? ref(callee) : callee,
  args,
});
export const member = (object: Expr, name: string): Expr => ({ k: "member", object, name });
export const index = (object: Expr, i: number): Expr => ({ k: "index", object, index: i });
export const array = (items: readonly Expr[]): Expr => ({ k: "array", items });
export const object = (props: readonly (readonly [string, Expr])[]): Expr => ({
  k: "object",
  props,
});
export const cast = (expr: Expr, type: string): Expr => ({ k: "cast", expr, type });
export const tpl = (parts: readonly (string | Expr)[]): Expr => ({ k: "tpl", parts });

/** A plain value (numbers, strings, booleans, arrays, records) as an expression, keys in given order. */
export function literal(v: unknown): Expr {
  if (v === null || v === undefined) return nul;
  if (typeof v === "number") return num(v);
  if (typeof v === "string") return str(v);
  if (typeof v === "boolean") return bool(v);
  if (Array.isArray(v)) return array(v.map(literal));
  if (typeof v === "object") {
    return object(
      Object.entries(v as Record<string, unknown>)
        .filter(([, x]) => x !== undefined)
        .map(([key, x]) => [key, literal(x)] as const),
    );
  }
  throw new Error(`ICE: codegen cannot write a ${typeof v} literal`);
}

/** The root identifiers an expression reads (for imports and usage tracking). */
export function freeNames(e: Expr, into: Set<string> = new Set()): Set<string> {
  switch (e.k) {
    case "ref":
      into.add(e.name);
      break;
    case "tpl":
      for (const p of e.parts) if (typeof p !== "string") freeNames(p, into);
      break;
    case "call":
      freeNames(e.callee, into);
      for (const a of e.args) freeNames(a, into);
      break;
    case "member":
    case "index":
      freeNames(e.object, into);
      break;
    case "array":
      for (const x of e.items) freeNames(x, into);
      break;
    case "object":
      for (const [, x] of e.props) freeNames(x, into);
      break;
    case "cast":
    case "asConst":
      freeNames(e.expr, into);
      break;
    case "num":
    case "str":
    case "bool":
    case "null":
      break;
  }
  return into;
}
