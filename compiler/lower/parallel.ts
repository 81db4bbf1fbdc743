// `parallel(shared_norm: b, norm_kind: k) { A; B }` (constructs.md §4.1): y = x + A(N(x)) + B(N(x))
// with one shared norm `ln`, or y = x + A(N_0(x)) + B(N_1(x)) with norms `ln_0`, `ln_1`.
// The arguments are bound by construct.ts (stmt-table.ts: PARALLEL).
import type { ParallelStmt } from "../../grammar/ast.ts";
import type { ConstructLowerer } from "./construct.ts";
import { bodyFrame, type Ctx, type Frame } from "./frame.ts";
import { normNode } from "./instantiate.ts";
import { stmtBaseName } from "./naming.ts";
import { checkWidth } from "./residual.ts";
import type { Scope } from "./scope.ts";
import { addNode } from "./tensor-ops.ts";
import { POISON, type TensorValue, type Value } from "./values.ts";

export const lowerParallel: ConstructLowerer<ParallelStmt> = (s, args, stream, f, ctx, lone) => {
  const shared = args.get("shared_norm");
  const kindV = args.get("norm");
  if (shared?.t !== "bool" || kindV?.t !== "enum") return POISON;
  const kind = kindV.name as "layernorm" | "rmsnorm";
  const scope = lone ?? f.scope.child(f.scope.unique("parallel"));
  const structure = { kind: "parallel", span: s.span, sharedNorm: shared.v, norm: kind } as const;
  return ctx.b.within(structure, () => lowerBranches(s, stream, shared.v, kind, scope, f, ctx));
};

/** The norms, branches and sums of one parallel, inside its scope; each branch its own scope. */
function lowerBranches(
  s: ParallelStmt,
  x: TensorValue,
  shared: boolean,
  kind: "layernorm" | "rmsnorm",
  scope: Scope,
  f: Frame,
  ctx: Ctx,
): Value {
  const norm = (name: string): Value =>
    normNode(kind, x, x.width, scope.full(scope.unique(name)), scope.tie, s.span, f, ctx);
  const sharedNorm = shared ? norm("ln") : undefined;
  let sum: TensorValue = x;
  let ok = true;
  s.branches.forEach((branch, k) => {
    const r = ctx.b.within({ kind: "branch", span: branch.span, index: k }, () => {
      const input = sharedNorm ?? norm(`ln_${k}`);
      const branchScope = scope.child(scope.unique(stmtBaseName([branch], ctx.lower.stmts)));
      return ctx.lower.lowerBody(
        [branch],
        input,
        bodyFrame(f, branchScope, input),
        ctx,
        branchScope,
      );
    });
    const out = r.returned ?? r.stream;
    if (out.t !== "tensor" || !checkWidth(out, x, branch.span, ctx, f)) {
      ok = false;
      return;
    }
    sum = addNode(sum, out, s.span, ctx, "parallel");
  });
  return ok ? sum : POISON;
}
