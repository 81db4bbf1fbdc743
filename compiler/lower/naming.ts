// The base name of a statement's naming scope (see scope.ts for the whole scheme): a residual,
// parallel branch or MoE body is named after its lone statement, as that statement's entry in the
// statement table says (`CausalSelfAttention(d, h)` → `causal_self_attention`, `moe(…)` → `moe`);
// several statements, or a kind whose entry names none, make a `sublayer`.
import type { Stmt } from "../../grammar/ast.ts";
import type { StmtEntry, StmtTable } from "./frame.ts";

/** The base name of the naming scope of the body `stmts`, by its lone statement's table entry. */
export function stmtBaseName(stmts: readonly Stmt[], table: StmtTable): string {
  const s = stmts.length === 1 ? stmts[0] : undefined;
  if (s === undefined) return "sublayer";
  const entry = table[s.kind] as StmtEntry | undefined;
  return entry?.baseName?.(s, (inner) => stmtBaseName(inner, table)) ?? "sublayer";
}
