// A test-only construct, written as a construct file of compiler/lower/ is (add-construct.test.ts
// registers it): `stack(times: n) { F }` lowers F n times in sequence, each copy with its own
// weights under `stack.<k>`, and records a repeat scope of n iterations. It imports neither the
// dispatcher (body.ts) nor the table (stmt-table.ts): nested bodies go through `ctx.lower`.
import type { Arg, Stmt } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { INT, type Signature } from "../../compiler/lower/builtins.ts";
import type { ConstructLowerer } from "../../compiler/lower/construct.ts";
import { bodyFrame, type BodyResult } from "../../compiler/lower/frame.ts";
import { int, num, POISON, type Value } from "../../compiler/lower/values.ts";

/** `stack(times: n) { F }` (the AST shape of residual and moe: arguments and a body). */
export interface StackStmt {
  readonly kind: "stack";
  readonly args: readonly Arg[];
  readonly body: readonly Stmt[];
  readonly span: Span;
}

/** The construct's builtin parameters, bound by construct.ts before `lowerStack` runs. */
export const STACK: Signature = {
  name: "stack",
  params: [{ name: "times", type: INT, default: int(2) }],
};

export const lowerStack: ConstructLowerer<StackStmt> = (s, args, x, f, ctx) => {
  const times = num(args.get("times") ?? POISON);
  if (times === undefined) return POISON;
  return ctx.b.within({ kind: "repeat", span: s.span, count: times }, () => {
    let y: Value = x;
    for (let k = 0; k < times; k++) {
      const scope = f.scope.child(f.scope.unique(`stack.${k}`));
      const input: Value = y;
      const iteration = {
        kind: "iteration",
        span: s.body[0]?.span ?? s.span,
        index: k,
        instance: scope.path,
      } as const;
      const r: BodyResult = ctx.b.within(iteration, () =>
        ctx.lower.lowerBody(s.body, input, bodyFrame(f, scope, input), ctx, scope),
      );
      y = r.returned ?? r.stream;
    }
    return y;
  });
};
