// The statement table: one lowerer per statement kind of the AST (exhaustive by type), and the
// lowering's recursive entry points assembled for the Ctx. A construct is one lowering file plus
// one entry here; an entry made with `construct(SIGNATURE, lower)` names the construct's builtin
// parameters (builtins.ts), which construct.ts binds before the construct's file sees them.
// No lowering file imports this one but lower.ts, so it may import them all.
import { lowerBody } from "./body.ts";
import { MOE, PARALLEL, RESIDUAL } from "./builtins.ts";
import { construct } from "./construct.ts";
import { evalExpr } from "./eval.ts";
import type { Lowering, StmtTable } from "./frame.ts";
import { lowerLayerStmt } from "./layer-stmt.ts";
import { lowerMoe } from "./moe.ts";
import { lowerParallel } from "./parallel.ts";
import { lowerRepeat } from "./repeat.ts";
import { lowerResidual } from "./residual.ts";
import { lowerAssign, lowerIf, lowerReturn, lowerShare, rejectModelStmt } from "./simple-stmts.ts";

export const STATEMENTS: StmtTable = {
  layer: lowerLayerStmt,
  assign: lowerAssign,
  return: lowerReturn,
  if: lowerIf,
  share: lowerShare,
  residual: construct(RESIDUAL, lowerResidual),
  parallel: construct(PARALLEL, lowerParallel),
  moe: construct(MOE, lowerMoe),
  repeat: lowerRepeat,
  // model.ts lowers these in a model body; in a block they are errors.
  input: rejectModelStmt,
  embed: rejectModelStmt,
  norm: rejectModelStmt,
  head: rejectModelStmt,
};

/** The entry points a Ctx carries, with the statement table `stmts` (a test may extend it). */
export function lowering(stmts: StmtTable = STATEMENTS): Lowering {
  return { evalExpr, lowerBody, stmts };
}
