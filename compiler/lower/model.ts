// A model body: `input` (token ids), `embed` (a sum of embeddings of the tokens), the body
// statements on the stream (repeat, residual, …), `norm` (final norm `ln_f`) and `head`
// (`tied` → tiedHead on the TokenEmbedding table, or a layer named `head`).
import type {
  EmbedStmt,
  Expr,
  HeadStmt,
  InputStmt,
  ModelDecl,
  NormStmt,
} from "../../grammar/ast.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import type { Graph, NodeId } from "../ir/types.ts";
import { requireInt } from "./args.ts";
import { lowerStmt } from "./body.ts";
import { evalExpr } from "./eval.ts";
import { exitMeta, withExits } from "./exits.ts";
import { originAt, report, type BodyResult, type Ctx, type Frame } from "./frame.ts";
import { applyCallable, normNode } from "./instantiate.ts";
import type { ModuleInfo } from "./resolve.ts";
import { Scope, snakeCase } from "./scope.ts";
import { addNode } from "./tensor-ops.ts";
import { describe, num, POISON, type TensorValue, type Value } from "./values.ts";

interface ModelState {
  context?: number;
  width?: number;
  output?: NodeId | undefined;
}

/** Lowers the model into ctx.b; returns the graph (with whatever was built) or undefined. */
export function lowerModel(decl: ModelDecl, module: ModuleInfo, ctx: Ctx): Graph | undefined {
  const f: Frame = {
    module,
    vars: new Map(),
    scope: new Scope(""),
    path: [],
    inModel: true,
    active: [],
  };
  ctx.b.setModel(decl.span);
  const st: ModelState = {};
  let state: BodyResult = { stream: POISON };
  let embedded = false;
  for (const s of decl.body) {
    switch (s.kind) {
      case "input":
        lowerInput(s, f, ctx, st);
        break;
      case "embed":
        state = { stream: lowerEmbed(s, f, ctx) };
        embedded = true;
        break;
      case "norm":
        state = { stream: lowerFinalNorm(s, state.stream, f, ctx) };
        break;
      case "head":
        state = { stream: lowerHead(s, state.stream, f, ctx) };
        if (state.stream.t === "tensor") st.output = state.stream.id;
        break;
      case "return":
        report(
          ctx,
          f,
          msg.notAllowedHere(s.span, "`return`", "in a model (its output is the head)"),
        );
        break;
      default:
        if (!embedded) {
          report(ctx, f, msg.missingModelPart(s.span, decl.name.name, "embed"));
          embedded = true;
        }
        state = lowerStmt(s, state, f, ctx);
    }
  }
  if (ctx.tokens === undefined)
    report(ctx, f, msg.missingModelPart(decl.name.span, decl.name.name, "input"));
  else if (!embedded) report(ctx, f, msg.missingModelPart(decl.name.span, decl.name.name, "embed"));
  else if (!decl.body.some((s) => s.kind === "head"))
    report(ctx, f, msg.missingModelPart(decl.name.span, decl.name.name, "head"));
  st.output = withExits(st.output, decl, { lowerNorm: lowerFinalNorm, lowerHead }, f, ctx);
  if (
    st.output === undefined ||
    ctx.tokens === undefined ||
    ctx.vocab === undefined ||
    ctx.embedTable === undefined
  )
    return undefined;
  return ctx.b.finish({
    name: decl.name.name,
    source: module.file,
    inputs: [ctx.tokens],
    outputs: [st.output],
    meta: { vocab: ctx.vocab, context: st.context ?? 0, width: ctx.embedTable.d, ...exitMeta(ctx) },
  });
}

function lowerInput(s: InputStmt, f: Frame, ctx: Ctx, st: ModelState): void {
  const t = s.type;
  if (t.dtype.name !== "int")
    report(
      ctx,
      f,
      msg.typeMismatch(t.dtype.span, "the model input", "`int` token ids", `\`${t.dtype.name}\``),
    );
  const [batch, ctxDim] = t.dims;
  if (t.dims.length !== 2 || batch === undefined || ctxDim === undefined) {
    report(
      ctx,
      f,
      msg.typeMismatch(
        t.span,
        "the model input",
        "two dimensions `[batch, context]`",
        `${t.dims.length}`,
      ),
    );
    return;
  }
  if (batch.kind !== "ident" || batch.name !== "batch")
    report(
      ctx,
      f,
      msg.typeMismatch(batch.span, "the first input dimension", "`batch`", "another expression"),
    );
  const c = requireInt(evalExpr(ctxDim, f, ctx), "the context length", ctxDim.span, ctx, f);
  if (c === undefined) return;
  if (c < 1) {
    report(ctx, f, shapes.nonPositive(ctxDim.span, "the context length", c));
    return;
  }
  st.context = c;
  ctx.tokens = ctx.b.add({
    kind: "input",
    inputs: [],
    attrs: { name: s.name.name, context: c },
    name: s.name.name,
    origin: originAt(s.span),
  });
  f.vars.set(s.name.name, { t: "tokens", id: ctx.tokens, span: s.span });
}

/** `embed A + B + …`: each term an embedding layer applied to the token ids. */
function lowerEmbed(s: EmbedStmt, f: Frame, ctx: Ctx): Value {
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

/** `norm layernorm | rmsnorm | LayerNorm(d, …)`: the final norm `ln_f`. */
function lowerFinalNorm(s: NormStmt, stream: Value, f: Frame, ctx: Ctx): Value {
  const v = evalExpr(s.value, f, ctx);
  if (v.t === "poison" || stream.t !== "tensor") return POISON;
  if (v.t === "enum" && (v.name === "layernorm" || v.name === "rmsnorm")) {
    return normNode(
      v.name,
      stream,
      stream.width,
      f.scope.full(f.scope.unique("ln_f")),
      f.scope.tie, // an early exit's shared final norm (exits.ts)
      s.span,
      f,
      ctx,
    );
  }
  if (
    v.t === "layer" &&
    v.target.kind === "prim" &&
    (v.target.prim === "LayerNorm" || v.target.prim === "RMSNorm")
  ) {
    return applyCallable(v, stream, s.span, { kind: "named", name: "ln_f" }, f, ctx);
  }
  report(
    ctx,
    f,
    msg.typeMismatch(s.value.span, "`norm`", "layernorm, rmsnorm or a norm layer", describe(v)),
  );
  return POISON;
}

/** `head tied` or `head <layer>` (named `head`); the output width must be the vocabulary. */
function lowerHead(s: HeadStmt, stream: Value, f: Frame, ctx: Ctx): Value {
  if (
    s.value.kind === "ident" &&
    s.value.name === "tied" &&
    !f.vars.has("tied") &&
    !f.module.names.has("tied")
  ) {
    if (stream.t !== "tensor" || ctx.embedTable === undefined || ctx.vocab === undefined) {
      if (stream.t === "tensor")
        report(ctx, f, msg.missingModelPart(s.span, "this", "TokenEmbedding to tie the head to"));
      return POISON;
    }
    if (stream.width !== ctx.embedTable.d) {
      report(
        ctx,
        f,
        shapes.tiedHeadWidth.with({
          related: [
            { span: stream.span, message: `the stream's width becomes ${stream.width} here` },
          ],
        })(s.value.span, stream.width, ctx.embedTable.d),
      );
      return POISON;
    }
    const id = ctx.b.add({
      kind: "tiedHead",
      inputs: [stream.id],
      attrs: { table: ctx.embedTable.name, vocab: ctx.vocab, d: stream.width },
      name: "head",
      origin: originAt(s.span),
    });
    return { t: "tensor", id, width: ctx.vocab, span: s.span };
  }
  const layer = evalExpr(s.value, f, ctx);
  const out = applyCallable(layer, stream, s.value.span, { kind: "named", name: "head" }, f, ctx);
  if (out.t === "tensor" && ctx.vocab !== undefined && out.width !== ctx.vocab) {
    report(ctx, f, shapes.headVocab(s.value.span, out.width, ctx.vocab));
    return POISON;
  }
  return out as TensorValue | Value;
}
