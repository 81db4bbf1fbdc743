// The depth limit of a parsed module's syntax tree: every later stage (name check, constant folding,
// lowering, the formatter) walks expressions recursively, so a chain of 5,000 `+` terms would end in
// a stack overflow there. The tree is measured here without recursion, once, after parsing.
import type { Module } from "./ast.ts";
import type { Diagnostic } from "./core/diagnostic.ts";
import { syntax } from "./core/messages/syntax.ts";
import type { Span } from "./core/source.ts";

/** Syntax tree levels allowed (declarations, statements, expressions): far beyond hand-written code. */
export const MAX_AST_DEPTH = 400;

interface Node {
  readonly kind: string;
  readonly span?: Span;
}

const isNode = (v: unknown): v is Node =>
  typeof v === "object" && v !== null && typeof (v as { kind?: unknown }).kind === "string";

/** The nodes directly below `v` (through arrays and plain objects without a kind, e.g. arguments). */
function children(v: object, out: Node[]): void {
  for (const [key, c] of Object.entries(v)) {
    if (key === "span" || typeof c !== "object" || c === null) continue;
    if (isNode(c)) out.push(c);
    else children(c, out);
  }
}

/** Kinds of compound expressions: a deep chain of them is reported at its outermost one. */
const COMPOUND = new Set(["binary", "unary", "cond", "call", "apply", "tuple"]);

/** An ARCH1037 error at the first node deeper than MAX_AST_DEPTH, or undefined. */
export function astTooDeep(module: Module, limit = MAX_AST_DEPTH): Diagnostic | undefined {
  // each entry: a node, its depth, and the outermost compound expression above it (if any)
  const stack: [Node, number, Span | undefined][] = module.decls.map((d) => [d, 1, undefined]);
  const below: Node[] = [];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [node, depth, outer] = top;
    const anchor = outer ?? (COMPOUND.has(node.kind) ? node.span : undefined);
    if (depth > limit) {
      const span = anchor ?? node.span ?? { file: module.file, start: 0, end: 0 };
      return syntax.exprTooDeep({ ...span, end: span.start + 1 }, limit);
    }
    below.length = 0;
    children(node, below);
    for (const c of below) stack.push([c, depth + 1, anchor]);
  }
  return undefined;
}
