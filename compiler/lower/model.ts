// A model body: `input` (token ids), `embed` (a sum of embeddings of the tokens: embed.ts), the body
// statements on the stream (repeat, residual, …), `norm` (final norm `ln_f`) and `head`
// (`tied` → tiedHead on the TokenEmbedding table, or a layer named `head`).
import type { HeadStmt, InputStmt, ModelDecl, NormStmt } from "../../grammar/ast.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import type { Graph, NodeId } from "../ir/types.ts";
import { requireInt } from "./args.ts";
import { lowerStmt } from "./body.ts";
import { lowerEmbed } from "./embed.ts";
import { evalExpr } from "./eval.ts";
import { exitMeta, withExits } from "./exits.ts";
import { originAt, report, type BodyResult, type Ctx, type Frame } from "./frame.ts";
import { applyCallable, normNode } from "./instantiate.ts";
import type { ModuleInfo } from "./resolve.ts";
import { Scope } from "./scope.ts";
import { describe, POISON, type TensorValue, type Value } from "./values.ts";

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
