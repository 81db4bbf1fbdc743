// The base name of a statement's naming scope (see scope.ts for the whole scheme): a residual,
// parallel branch or MoE body is named after its lone statement's callee in snake case.
import type { Stmt } from "../../grammar/ast.ts";
import { snakeCase } from "./scope.ts";

/** `CausalSelfAttention(d, h)` → `causal_self_attention`; `ffn` → `ffn`; `moe(…)` → `moe`. */
export function stmtBaseName(stmts: readonly Stmt[]): string {
  if (stmts.length !== 1) return "sublayer";
  const s = stmts[0];
  if (s === undefined) return "sublayer";
  switch (s.kind) {
    case "layer":
      return s.expr.kind === "call" ? snakeCase(s.expr.callee.name) : snakeCase(s.expr.name);
    case "moe":
      return "moe";
    case "parallel":
      return "parallel";
    case "residual":
      return stmtBaseName(s.body);
    default:
      return "sublayer";
  }
}
