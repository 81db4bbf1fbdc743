// The statements that are not constructs: `h = …` binds a named tensor, `return …` gives a block's
// output, `if` lowers only the branch taken, `share ffn = …` binds one set of weights to a name,
// and the model-only statements (`input`, `embed`, `norm`, `head`; model.ts lowers them) are
// rejected in a block. Nested bodies are lowered through `ctx.lower`.
import type {
  AssignStmt,
  EmbedStmt,
  HeadStmt,
  IfStmt,
  InputStmt,
  NormStmt,
  ReturnStmt,
  ShareStmt,
  Stmt,
} from "../../grammar/ast.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { report, type StmtLowerer } from "./frame.ts";
import { describe, kindOf, POISON } from "./values.ts";

export const lowerAssign: StmtLowerer<AssignStmt> = (s, state, f, ctx) => {
  const v = ctx.lower.evalExpr(s.value, f, ctx, s.name.name);
  f.vars.set(s.name.name, v);
  return state;
};

export const lowerReturn: StmtLowerer<ReturnStmt> = (s, state, f, ctx) => ({
  stream: state.stream,
  returned: ctx.lower.evalExpr(s.value, f, ctx, "out"),
});

export const lowerIf: StmtLowerer<IfStmt> = (s, state, f, ctx, lone) => {
  const test = ctx.lower.evalExpr(s.test, f, ctx);
  if (test.t === "poison") return { stream: POISON };
  if (test.t !== "bool") {
    report(ctx, f, msg.typeMismatch(s.test.span, "the condition of `if`", "a bool", kindOf(test)));
    return { stream: POISON };
  }
  const branch = test.v ? s.then : s.else;
  if (branch === undefined) return state;
  const stmts = Array.isArray(branch) ? (branch as readonly Stmt[]) : [branch as Stmt];
  return ctx.lower.lowerBody(stmts, state.stream, f, ctx, lone);
};

export const lowerShare: StmtLowerer<ShareStmt> = (s, state, f, ctx) => {
  const layer = ctx.lower.evalExpr(s.value, f, ctx);
  if (layer.t === "layer") {
    const name = s.name.name;
    f.vars.set(name, { t: "shared", name, layer, scope: f.scope.child(f.scope.unique(name)) });
  } else {
    if (layer.t !== "poison") report(ctx, f, msg.expectedLayer(s.value.span, describe(layer)));
    f.vars.set(s.name.name, POISON);
  }
  return state;
};

/** `input`, `embed`, `norm`, `head` outside a model body. */
export const rejectModelStmt: StmtLowerer<InputStmt | EmbedStmt | NormStmt | HeadStmt> = (
  s,
  state,
  f,
  ctx,
) => {
  report(ctx, f, msg.notAllowedHere(s.span, `\`${s.kind}\``, "in a block (it belongs in a model)"));
  return state;
};
