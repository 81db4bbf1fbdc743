// Test helpers for the grammar suites: parse expecting success, strip spans for shape checks,
// walk every AST node (to check spans), and list diagnostic codes.
import { expect } from "vitest";
import type { Decl, Expr, Module, Stmt } from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { SourceFile } from "../../grammar/core/source.ts";
import { parse } from "../../grammar/parse.ts";

export const FILE = "test.arch";

/** Render diagnostics as the CLI would (no color), for readable failure messages. */
export function render(text: string, ds: readonly Diagnostic[], file = FILE): string {
  const src = new SourceFile(file, text);
  return ds.map((d) => formatDiagnostic(d, { sources: () => src })).join("\n");
}

/** Parse and require no diagnostics. */
export function parseOk(text: string): Module {
  const { module, diagnostics } = parse(text, FILE);
  expect(render(text, diagnostics)).toBe("");
  return module;
}

/** Diagnostic codes of a source, in order. */
export function codes(text: string): string[] {
  return parse(text, FILE).diagnostics.map((d) => d.code);
}

/** A deep copy without `span` fields, for comparing shapes. */
export function strip<T>(node: T): unknown {
  return JSON.parse(JSON.stringify(node, (k, v: unknown) => (k === "span" ? undefined : v)));
}

/** The only declaration of a one-declaration source. */
export function onlyDecl(text: string): Decl {
  const m = parseOk(text);
  expect(m.decls).toHaveLength(1);
  return m.decls[0]!;
}

/** The statements of `block B() { … }` around the given body text. */
export function blockBody(body: string, params = ""): readonly Stmt[] {
  const d = onlyDecl(`block B(${params}) {\n${body}\n}`);
  if (d.kind !== "block") throw new Error("not a block");
  return d.body;
}

/** The value of `const x = <expr>`. */
export function expr(text: string): Expr {
  const d = onlyDecl(`const x = ${text}`);
  if (d.kind !== "const") throw new Error("not a const");
  return d.value;
}

/** Every object with a `kind` under a node (the node included). */
export function allNodes(
  root: unknown,
): { kind: string; span?: { file: string; start: number; end: number } }[] {
  const out: { kind: string; span?: { file: string; start: number; end: number } }[] = [];
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v !== null && typeof v === "object") {
      if ("kind" in v) out.push(v as { kind: string });
      for (const x of Object.values(v)) visit(x);
    }
  };
  visit(root);
  return out;
}

/** Compact S-expression of an expression: `(+ 1 (* 2 3))`, for precedence checks. */
export function sexp(e: Expr): string {
  switch (e.kind) {
    case "int":
    case "float":
      return e.text;
    case "bool":
      return String(e.value);
    case "string":
      return JSON.stringify(e.value);
    case "ident":
      return e.name;
    case "tuple":
      return `(tuple ${e.items.map(sexp).join(" ")})`;
    case "unary":
      return `(${e.op} ${sexp(e.operand)})`;
    case "binary":
      return `(${e.op} ${sexp(e.left)} ${sexp(e.right)})`;
    case "cond":
      return `(if ${sexp(e.test)} ${sexp(e.then)} ${sexp(e.else)})`;
    case "call":
      return `(call ${e.callee.name}${e.args.map((a) => " " + (a.name ? `${a.name.name}:` : "") + sexp(a.value)).join("")})`;
    case "apply":
      return `(apply ${sexp(e.fn)}${e.inputs.map((a) => " " + sexp(a.value)).join("")})`;
  }
}
