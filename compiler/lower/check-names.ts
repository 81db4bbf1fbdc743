// A name check of every block and model of the entry file, without instantiating anything: finds
// unknown names (with did-you-mean) in blocks the model does not use, in branches of `if` that are
// not taken, and in library files without a model, and statements after a `return` (dead code).
// A visitor sees every statement's expressions with their locals (check-decls.ts folds them).
// Lowering reports the same diagnostics for used blocks; the reporter drops the repeats. It reads
// each statement's shape from the statement table, so a new construct's body is checked too.
import type { Expr, Stmt } from "../../grammar/ast.ts";
import { InternalCompilerError, type Diagnostic } from "../../grammar/core/diagnostic.ts";
import { names as msg } from "../../grammar/core/messages/names.ts";
import { types as typeMsg } from "../../grammar/core/messages/types.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import {
  builtinNames,
  ENUM_MEMBERS,
  PLACEMENT_CALLS,
  PRIMITIVES,
  SCALAR_FUNCTIONS,
} from "./builtins.ts";
import type { Reporter } from "./diags.ts";
import type { StmtEntry, StmtTable } from "./frame.ts";
import type { ModuleInfo } from "./resolve.ts";

const CALLABLE = new Set<string>([
  ...PRIMITIVES.keys(),
  ...SCALAR_FUNCTIONS.keys(),
  "attend",
  "moa_mix",
  "scale",
  ...PLACEMENT_CALLS.keys(),
]);

/**
 * Reports unknown names in the bodies of the module's blocks. What each statement evaluates, its
 * bodies and the names it binds come from its entry in `table` (the lowering's statement table,
 * passed in: this file sits below stmt-table.ts in the layering).
 */
export function checkBlockNames(
  m: ModuleInfo,
  reporter: Reporter,
  table: StmtTable,
  onExpr?: ExprVisitor,
  onStmt?: StmtVisitor,
): void {
  const c: Check = {
    m,
    r: reporter,
    table,
    ...(onExpr !== undefined ? { onExpr } : {}),
    ...(onStmt !== undefined ? { onStmt } : {}),
  };
  for (const decl of m.ast.decls) {
    if (decl.kind === "block")
      checkStmts(decl.body, new Set(["x", ...decl.params.map((p) => p.name.name)]), c);
    if (decl.kind === "model") checkStmts(decl.body, new Set(), c);
  }
}

/** Called with each statement's expressions and the local names they see (check-decls.ts). */
export type ExprVisitor = (e: Expr, locals: ReadonlySet<string>) => void;

/** Called with each statement, its table entry and the local names it sees, after its expressions. */
export type StmtVisitor = (s: Stmt, entry: StmtEntry, locals: ReadonlySet<string>) => void;

/** What the check of one module carries. */
interface Check {
  readonly m: ModuleInfo;
  readonly r: Reporter;
  readonly table: StmtTable;
  readonly onExpr?: ExprVisitor;
  readonly onStmt?: StmtVisitor;
}

/** The statements of one body; a statement after a `return` of the same body is never reached. */
function checkStmts(stmts: readonly Stmt[], locals: Set<string>, c: Check): void {
  const ret = stmts.findIndex((s) => s.kind === "return");
  const dead = ret >= 0 ? stmts[ret + 1] : undefined;
  if (dead !== undefined) c.r.report(typeMsg.unreachable(dead.span));
  for (const s of stmts) checkStmt(s, locals, c);
}

/** A statement's expressions, then its bodies, then the names it binds for what follows. */
function checkStmt(s: Stmt, locals: Set<string>, c: Check): void {
  const entry = c.table[s.kind] as StmtEntry | undefined;
  if (entry === undefined)
    throw new InternalCompilerError(`no table entry for a \`${s.kind}\` statement`);
  for (const e of entry.exprs(s)) {
    checkExpr(e, locals, c.m, c.r);
    c.onExpr?.(e, locals);
  }
  c.onStmt?.(s, entry, locals);
  for (const body of entry.bodies?.(s) ?? []) {
    const seen = body.binds === undefined ? locals : new Set([...locals, ...body.binds]);
    checkStmts(body.stmts, seen, c);
  }
  for (const name of entry.binds?.(s) ?? []) locals.add(name);
}

function checkExpr(e: Expr, locals: Set<string>, m: ModuleInfo, r: Reporter): void {
  const rec = (x: Expr): void => checkExpr(x, locals, m, r);
  switch (e.kind) {
    case "ident":
      if (!known(e.name, locals, m)) unknown(e.name, e.span, locals, m, r);
      return;
    case "call":
      if (!known(e.callee.name, locals, m) && !CALLABLE.has(e.callee.name))
        unknown(e.callee.name, e.callee.span, locals, m, r);
      break;
    default:
      break;
  }
  subExprs(e).forEach(rec);
}

/** The direct subexpressions of an expression, in source order (a call's callee excluded). */
export function subExprs(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case "call":
      return e.args.map((a) => a.value);
    case "apply":
      return [e.fn, ...e.inputs.map((a) => a.value)];
    case "tuple":
      return e.items;
    case "unary":
      return [e.operand];
    case "binary":
      return [e.left, e.right];
    case "cond":
      return [e.test, e.then, e.else];
    default:
      return [];
  }
}

function known(name: string, locals: Set<string>, m: ModuleInfo): boolean {
  return locals.has(name) || m.names.has(name) || m.enumMembers.has(name) || ENUM_MEMBERS.has(name);
}

function unknown(
  name: string,
  span: Expr["span"],
  locals: Set<string>,
  m: ModuleInfo,
  r: Reporter,
): void {
  r.report(unknownName(name, span, locals, m));
}

/** "unknown name" with a did-you-mean over everything visible: locals, the module, builtins. */
export function unknownName(
  name: string,
  span: Expr["span"],
  locals: Iterable<string>,
  m: ModuleInfo,
): Diagnostic {
  const candidates = [...locals, ...m.names.keys(), ...m.enumMembers, ...builtinNames()];
  return msg.unknownName.with({ hint: didYouMean(name, candidates) })(span, name);
}
