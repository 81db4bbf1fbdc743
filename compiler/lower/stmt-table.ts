// The statement table: one entry per statement kind of the AST (exhaustive by type), and the
// lowering's recursive entry points assembled for the Ctx. A construct is one lowering file plus
// one entry here; an entry made with `construct(SIGNATURE, lower)` names the construct's builtin
// parameters (builtins.ts), which construct.ts binds before the construct's file sees them. Each
// entry also says what the name check (check-names.ts) and the naming scheme (naming.ts) read:
// the statement's expressions, its bodies with the names they see, the names it binds, its base name.
// No lowering file imports this one but lower.ts, so it may import them all.
import type { IfStmt, Stmt } from "../../grammar/ast.ts";
import { lowerBody } from "./body.ts";
import { MOE, PARALLEL, RESIDUAL } from "./builtins.ts";
import { construct } from "./construct.ts";
import { evalExpr } from "./eval.ts";
import type { Lowering, StmtTable } from "./frame.ts";
import { layerBaseName, lowerLayerStmt } from "./layer-stmt.ts";
import { lowerMoe } from "./moe.ts";
import { lowerParallel } from "./parallel.ts";
import { lowerRepeat, repeatCount } from "./repeat.ts";
import { lowerResidual } from "./residual.ts";
import { lowerAssign, lowerIf, lowerReturn, lowerShare, rejectModelStmt } from "./simple-stmts.ts";

export const STATEMENTS: StmtTable = {
  layer: { lower: lowerLayerStmt, exprs: (s) => [s.expr], baseName: layerBaseName },
  assign: { lower: lowerAssign, exprs: (s) => [s.value], binds: (s) => [s.name.name] },
  return: { lower: lowerReturn, exprs: (s) => [s.value] },
  if: { lower: lowerIf, exprs: (s) => [s.test], bodies: ifBodies },
  share: { lower: lowerShare, exprs: (s) => [s.value], binds: (s) => [s.name.name] },
  // a residual is named after its body's lone statement
  residual: construct(RESIDUAL, lowerResidual, { baseName: (s, inner) => inner(s.body) }),
  // each statement of a parallel is a branch, and each branch sees `x`
  parallel: construct(PARALLEL, lowerParallel, { body: (s) => s.branches }),
  moe: construct(MOE, lowerMoe),
  repeat: {
    lower: lowerRepeat,
    check: (s, value, f, ctx) => void repeatCount(s, value(s.count), f, ctx),
    exprs: (s) => [
      s.count,
      ...(s.dwa?.args.map((a) => a.value) ?? []),
      ...(s.exits?.args.map((a) => a.value) ?? []),
      ...(s.pmod?.args.map((a) => a.value) ?? []),
    ],
    bodies: (s) => [{ stmts: s.body, binds: ["x", ...(s.index ? [s.index.name] : [])] }],
  },
  // model.ts lowers these in a model body; in a block they are errors.
  input: { lower: rejectModelStmt, exprs: () => [], binds: (s) => [s.name.name] },
  embed: { lower: rejectModelStmt, exprs: (s) => [s.value] },
  norm: { lower: rejectModelStmt, exprs: (s) => [s.value] },
  // `head tied` names no value
  head: {
    lower: rejectModelStmt,
    exprs: (s) => (s.value.kind === "ident" && s.value.name === "tied" ? [] : [s.value]),
  },
};

/** An `if`'s branches share the enclosing names; `else if` is a branch of one statement. */
function ifBodies(s: IfStmt): { stmts: readonly Stmt[] }[] {
  if (s.else === undefined) return [{ stmts: s.then }];
  return [{ stmts: s.then }, { stmts: Array.isArray(s.else) ? s.else : [s.else as IfStmt] }];
}

/** The entry points a Ctx carries, with the statement table `stmts` (a test may extend it). */
export function lowering(stmts: StmtTable = STATEMENTS): Lowering {
  return { evalExpr, lowerBody, stmts };
}
