// `moa_mix(a, x, experts:, heads:, shared_kv:)` (BAM's soft mixture-of-attention, constructs.md
// §7.5): a holds the E·H heads of every attention expert, x is the router's input; the result is a
// with expert i's heads weighted by softmax(x·W_r)_i (op moaMix, layouts in spec/moa.ts).
import type { Call } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { moaLayout } from "../../spec/moa.ts";
import { argSpan, bindArgs, builtinParams } from "./args.ts";
import { MOA_MIX } from "./builtins.ts";
import { originAt, report, type Ctx, type Frame } from "./frame.ts";
import { describe, num, POISON, type TensorValue, type Value } from "./values.ts";

/** The moaMix node of a `moa_mix(…)` call, or POISON after a reported error. */
export function moaMixCall(e: Call, f: Frame, ctx: Ctx, hint?: string): Value {
  const positional = e.args.filter((a) => a.name === undefined);
  const named = e.args.filter((a) => a.name !== undefined);
  if (positional.length !== 2) {
    report(
      ctx,
      f,
      positional.length < 2
        ? msg.missingArgument(e.span, positional.length === 0 ? "a" : "x", "moa_mix")
        : msg.tooManyArguments(positional[2]?.span ?? e.span, "moa_mix", 2, positional.length),
    );
    return POISON;
  }
  const [a, x] = positional.map((p) => ctx.lower.evalExpr(p.value, f, ctx));
  const args = bindArgs(
    "moa_mix",
    builtinParams(MOA_MIX),
    named,
    (v) => ctx.lower.evalExpr(v, f, ctx),
    e.span,
    ctx,
    f,
  );
  if (a === undefined || x === undefined || args === undefined) return POISON;
  for (const [t, p] of [
    [a, positional[0]],
    [x, positional[1]],
  ] as const) {
    if (t.t === "poison") return POISON;
    if (t.t !== "tensor") {
      report(ctx, f, msg.expectedTensor(p?.span ?? e.span, "`moa_mix`", describe(t)));
      return POISON;
    }
  }
  const experts = num(args.get("experts") ?? POISON);
  const heads = num(args.get("heads") ?? POISON);
  const shared = args.get("shared_kv");
  if (experts === undefined || heads === undefined || shared?.t !== "bool") return POISON;
  const at = (k: string): Span => argSpan(named, k, -1, e.span);
  for (const [what, n, key] of [
    ["the number of experts", experts, "experts"],
    ["the number of heads", heads, "heads"],
  ] as const) {
    if (!Number.isInteger(n) || n < 1) {
      report(ctx, f, shapes.nonPositive(at(key), what, n));
      return POISON;
    }
  }
  const [at3, xt] = [a, x] as TensorValue[];
  if (at3 === undefined || xt === undefined) return POISON;
  if (at3.width % (experts * heads) !== 0) {
    report(ctx, f, shapes.moaWidth(positional[0]?.span ?? e.span, at3.width, experts, heads));
    return POISON;
  }
  const id = ctx.b.add({
    kind: "moaMix",
    inputs: [xt.id, at3.id],
    attrs: {
      d: xt.width,
      experts,
      heads,
      headDim: at3.width / (experts * heads),
      layout: moaLayout(shared.v),
    },
    name: hint ?? "moa",
    origin: originAt(e.span),
    // the router: param `<scope>.moa.router`
    paramPrefix: f.scope.full(f.scope.unique("moa")),
    tie: f.scope.tie,
  });
  return { t: "tensor", id, width: at3.width, span: e.span };
}
