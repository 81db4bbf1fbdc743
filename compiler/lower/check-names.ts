// A name check of every block and model of the entry file, without instantiating anything: finds
// unknown names (with did-you-mean) in blocks the model does not use, in branches of `if` that are
// not taken, and in library files without a model.
// Lowering reports the same diagnostics for used blocks; the reporter drops the repeats.
import type { Expr, Stmt } from "../../grammar/ast.ts";
import type { Diagnostic } from "../../grammar/core/diagnostic.ts";
import { names as msg } from "../../grammar/core/messages/names.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import { builtinNames, ENUM_MEMBERS, PRIMITIVES, SCALAR_FUNCTIONS } from "./builtins.ts";
import type { Reporter } from "./diags.ts";
import type { ModuleInfo } from "./resolve.ts";

const CALLABLE = new Set<string>([
  ...PRIMITIVES.keys(),
  ...SCALAR_FUNCTIONS.keys(),
  "attend",
  "scale",
  "deepnorm",
  "sub",
]);

/** Reports unknown names in the bodies of the module's blocks. */
export function checkBlockNames(m: ModuleInfo, reporter: Reporter): void {
  for (const decl of m.ast.decls) {
    if (decl.kind === "block")
      checkStmts(decl.body, new Set(["x", ...decl.params.map((p) => p.name.name)]), m, reporter);
    if (decl.kind === "model") checkStmts(decl.body, new Set(), m, reporter);
  }
}

function checkStmts(stmts: readonly Stmt[], locals: Set<string>, m: ModuleInfo, r: Reporter): void {
  for (const s of stmts) checkStmt(s, locals, m, r);
}

function checkStmt(s: Stmt, locals: Set<string>, m: ModuleInfo, r: Reporter): void {
  const expr = (e: Expr): void => checkExpr(e, locals, m, r);
  switch (s.kind) {
    case "layer":
      expr(s.expr);
      return;
    case "assign":
      expr(s.value);
      locals.add(s.name.name);
      return;
    case "share":
      expr(s.value);
      locals.add(s.name.name);
      return;
    case "head":
      if (s.value.kind !== "ident" || s.value.name !== "tied") expr(s.value);
      return;
    case "return":
    case "embed":
    case "norm":
      expr(s.value);
      return;
    case "residual":
    case "moe":
      s.args.forEach((a) => expr(a.value));
      checkStmts(s.body, new Set([...locals, "x"]), m, r);
      return;
    case "parallel":
      s.args.forEach((a) => expr(a.value));
      checkStmts(s.branches, new Set([...locals, "x"]), m, r);
      return;
    case "repeat": {
      expr(s.count);
      s.dwa?.args.forEach((a) => expr(a.value));
      const inner = new Set([...locals, "x"]);
      if (s.index !== undefined) inner.add(s.index.name);
      checkStmts(s.body, inner, m, r);
      return;
    }
    case "if": {
      expr(s.test);
      checkStmts(s.then, locals, m, r);
      if (s.else !== undefined)
        checkStmts(
          Array.isArray(s.else) ? (s.else as readonly Stmt[]) : [s.else as Stmt],
          locals,
          m,
          r,
        );
      return;
    }
    case "input":
      locals.add(s.name.name);
      return;
  }
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
      e.args.forEach((a) => rec(a.value));
      return;
    case "apply":
      rec(e.fn);
      e.inputs.forEach((a) => rec(a.value));
      return;
    case "tuple":
      e.items.forEach(rec);
      return;
    case "unary":
      rec(e.operand);
      return;
    case "binary":
      rec(e.left);
      rec(e.right);
      return;
    case "cond":
      rec(e.test);
      rec(e.then);
      rec(e.else);
      return;
    default:
      return;
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
