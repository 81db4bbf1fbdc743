// Lowering of a statement list: each statement goes to its lowerer in the statement table carried
// by the Ctx (stmt-table.ts), so this dispatcher imports no statement or construct file and a new
// construct never edits it. A lone statement may adopt its container's naming scope.
import type { Stmt } from "../../grammar/ast.ts";
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import type { BodyResult, Ctx, Frame, StmtEntry } from "./frame.ts";
import type { Scope } from "./scope.ts";
import type { Value } from "./values.ts";

/** Lowers `stmts` on `stream`; `lone` is the scope a single statement adopts. */
export function lowerBody(
  stmts: readonly Stmt[],
  stream: Value,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
): BodyResult {
  let state: BodyResult = { stream };
  const adopt = stmts.length === 1 ? lone : undefined;
  for (const s of stmts) {
    if (state.returned !== undefined) break;
    state = lowerStmt(s, state, f, ctx, adopt);
  }
  return state;
}

/** One statement, by its kind's entry in `ctx.lower.stmts`. */
export function lowerStmt(
  s: Stmt,
  state: BodyResult,
  f: Frame,
  ctx: Ctx,
  lone?: Scope,
): BodyResult {
  const entry = ctx.lower.stmts[s.kind] as StmtEntry | undefined;
  if (entry === undefined)
    throw new InternalCompilerError(`no lowerer for a \`${s.kind}\` statement`);
  return entry.lower(s, state, f, ctx, lone);
}
