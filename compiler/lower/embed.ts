// A model's `embed` statement: a sum of token and position embeddings applied to the token ids
// (`TokenEmbedding` also fixes the model's vocabulary and the table a tied head reads).
import type { EmbedStmt, Expr } from "../../grammar/ast.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { evalExpr } from "./eval.ts";
import { originAt, report, type Ctx, type Frame } from "./frame.ts";
import { snakeCase } from "./scope.ts";
import { addNode } from "./tensor-ops.ts";
import { describe, num, POISON, type Value } from "./values.ts";

/** `embed A + B + …`: each term an embedding layer applied to the token ids. */
export function lowerEmbed(s: EmbedStmt, f: Frame, ctx: Ctx): Value {
  if (ctx.tokens === undefined) return POISON;
  const terms: Expr[] = [];
  const flatten = (e: Expr): void => {
    if (e.kind === "binary" && e.op === "+") {
      flatten(e.left);
      flatten(e.right);
    } else terms.push(e);
  };
  flatten(s.value);
  let sum: Value | undefined;
  for (const term of terms) {
    const v = embedTerm(term, f, ctx);
    if (v.t !== "tensor") return POISON;
    if (sum === undefined) sum = v;
    else if (sum.t === "tensor") {
      if (sum.width !== v.width) {
        report(ctx, f, shapes.embedWidth(term.span, sum.width, v.width));
        return POISON;
      }
      sum = addNode(sum, v, s.span, ctx, "embed");
    }
  }
  return sum ?? POISON;
}

function embedTerm(term: Expr, f: Frame, ctx: Ctx): Value {
  const layer = evalExpr(term, f, ctx);
  if (layer.t === "poison" || ctx.tokens === undefined) return POISON;
  if (
    layer.t !== "layer" ||
    layer.target.kind !== "prim" ||
    !["TokenEmbedding", "LearnedPositions", "SinusoidalPositions"].includes(layer.target.prim)
  ) {
    report(
      ctx,
      f,
      msg.typeMismatch(
        term.span,
        "`embed`",
        "TokenEmbedding, LearnedPositions or SinusoidalPositions",
        describe(layer),
      ),
    );
    return POISON;
  }
  const prim = layer.target.prim;
  const a = (k: string): number => num(layer.args.get(k) ?? POISON) ?? NaN;
  const d = a("d");
  const prefix = f.scope.full(f.scope.unique(snakeCase(prim)));
  const common = {
    inputs: [ctx.tokens],
    name: snakeCase(prim),
    origin: originAt(term.span),
    paramPrefix: prefix,
  };
  if (prim === "TokenEmbedding") {
    const vocab = a("vocab");
    if (!(vocab >= 1 && d >= 1))
      return bad(ctx, f, term, "TokenEmbedding's sizes", Math.min(vocab, d));
    const id = ctx.b.add({ kind: "embedding", attrs: { vocab, d }, ...common });
    ctx.vocab ??= vocab;
    ctx.embedTable ??= { name: `${prefix}.table`, d };
    return { t: "tensor", id, width: d, span: term.span };
  }
  const context = a("ctx");
  if (!(context >= 1 && d >= 1)) return bad(ctx, f, term, `${prim}'s sizes`, Math.min(context, d));
  const inputCtx = ctx.b.node(ctx.tokens);
  if (inputCtx.kind === "input" && context < inputCtx.attrs.context) {
    report(ctx, f, shapes.contextTooShort(term.span, prim, context, inputCtx.attrs.context));
    return POISON;
  }
  const id = ctx.b.add({
    kind: "positions",
    attrs: { context, d, learned: prim === "LearnedPositions" },
    ...common,
  });
  return { t: "tensor", id, width: d, span: term.span };
}

function bad(ctx: Ctx, f: Frame, term: Expr, what: string, v: number): Value {
  report(ctx, f, shapes.nonPositive(term.span, what, v));
  return POISON;
}
