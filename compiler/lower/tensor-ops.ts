// Tensor functions in dataflow bodies: `a + b`, `a - b`, `a * b` (equal widths; `x * 0.5` scales),
// activations, `attend(q, k, v, heads:, kv_heads:, causal:)` and `scale(x, s)`. Arguments are
// evaluated through `ctx.lower.evalExpr` (eval.ts imports this file).
import type { Binary, Call } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import type { Activation } from "../ir/types.ts";
import { argSpan, bindArgs, builtinParams } from "./args.ts";
import { ATTEND, SCALE } from "./builtins.ts";
import { originAt, report, type Ctx, type Frame } from "./frame.ts";
import { attendSettings } from "./attend-settings.ts";
import { describe, num, POISON, type TensorValue, type Value } from "./values.ts";

/** `a op b` where at least one side is a tensor. */
export function binaryTensor(
  e: Binary,
  l: Value,
  r: Value,
  f: Frame,
  ctx: Ctx,
  hint?: string,
): Value {
  if (e.op === "*" && (l.t === "tensor") !== (r.t === "tensor")) {
    const t = (l.t === "tensor" ? l : r) as TensorValue;
    const s = num(l.t === "tensor" ? r : l);
    if (s !== undefined) return scaleNode(t, s, e.span, ctx, hint);
  }
  if (l.t !== "tensor" || r.t !== "tensor" || (e.op !== "+" && e.op !== "-" && e.op !== "*")) {
    report(ctx, f, msg.badOperands(e.span, e.op, describe(l), describe(r)));
    return POISON;
  }
  if (l.width !== r.width) {
    report(ctx, f, shapes.elementwise(e.span, e.op, l.width, r.width));
    return POISON;
  }
  const kind = e.op === "+" ? "add" : e.op === "-" ? "sub" : "mul";
  const id = ctx.b.add({
    kind,
    inputs: [l.id, r.id],
    attrs: {},
    name: hint ?? kind,
    origin: originAt(e.span),
  });
  return { t: "tensor", id, width: l.width, span: e.span };
}

/** `x + y` of two tensors of equal width (residual sums, parallel branches, embeddings). */
export function addNode(
  a: TensorValue,
  b: TensorValue,
  span: Span,
  ctx: Ctx,
  name = "add",
): TensorValue {
  const id = ctx.b.add({
    kind: "add",
    inputs: [a.id, b.id],
    attrs: {},
    name,
    origin: originAt(span),
  });
  return { t: "tensor", id, width: a.width, span };
}

/** `x · factor`. */
export function scaleNode(
  t: TensorValue,
  factor: number,
  span: Span,
  ctx: Ctx,
  name = "scale",
): TensorValue {
  const id = ctx.b.add({
    kind: "scale",
    inputs: [t.id],
    attrs: { factor },
    name,
    origin: originAt(span),
  });
  return { t: "tensor", id, width: t.width, span };
}

/** An element-wise activation on a tensor. */
export function activationNode(
  fn: Activation,
  input: Value,
  span: Span,
  f: Frame,
  ctx: Ctx,
  hint?: string,
): Value {
  if (input.t === "poison") return POISON;
  if (input.t !== "tensor") {
    report(ctx, f, msg.expectedTensor(span, `\`${fn}\``, describe(input)));
    return POISON;
  }
  const id = ctx.b.add({
    kind: "activation",
    inputs: [input.id],
    attrs: { fn },
    name: hint ?? fn,
    origin: originAt(span),
  });
  return { t: "tensor", id, width: input.width, span };
}

/** `attend(q, k, v, heads: h, kv_heads: g, causal: true, rope:, rope_base:, alibi:, memory:)`. */
export function attendCall(e: Call, f: Frame, ctx: Ctx, hint?: string): Value {
  const positional = e.args.filter((a) => a.name === undefined);
  const named = e.args.filter((a) => a.name !== undefined);
  if (positional.length !== 3) {
    report(
      ctx,
      f,
      msg.tooManyArguments(positional[3]?.span ?? e.span, "attend", 3, positional.length),
    );
    return POISON;
  }
  const [q, k, v] = positional.map((a) => ctx.lower.evalExpr(a.value, f, ctx));
  const args = bindArgs(
    "attend",
    builtinParams(ATTEND),
    named,
    (x) => ctx.lower.evalExpr(x, f, ctx),
    e.span,
    ctx,
    f,
  );
  if (q === undefined || k === undefined || v === undefined || args === undefined) return POISON;
  for (const [t, a] of [
    [q, positional[0]],
    [k, positional[1]],
    [v, positional[2]],
  ] as const) {
    if (t.t === "poison") return POISON;
    if (t.t !== "tensor") {
      report(ctx, f, msg.expectedTensor(a?.span ?? e.span, "`attend`", describe(t)));
      return POISON;
    }
  }
  const heads = num(args.get("heads") ?? POISON);
  const kvHeads = num(args.get("kv_heads") ?? POISON);
  const causal = args.get("causal");
  if (heads === undefined || kvHeads === undefined || causal?.t !== "bool") return POISON;
  const [qt, kt, vt] = [q, k, v] as TensorValue[];
  if (qt === undefined || kt === undefined || vt === undefined) return POISON;
  const at = (k: string): Span => argSpan(named, k, -1, e.span);
  if (heads < 1 || kvHeads < 1) {
    const bad = heads < 1 ? "heads" : "kv_heads";
    report(ctx, f, shapes.nonPositive(at(bad), "the number of heads", Math.min(heads, kvHeads)));
    return POISON;
  }
  if (qt.width % heads !== 0) {
    report(ctx, f, shapes.headsDivide(at("heads"), qt.width, heads));
    return POISON;
  }
  if (heads % kvHeads !== 0) {
    report(ctx, f, shapes.kvHeadsDivide(at("kv_heads"), kvHeads, heads));
    return POISON;
  }
  const headDim = qt.width / heads;
  const settings = attendSettings(args, headDim, at, f, ctx);
  if (settings === undefined) return POISON;
  for (const [what, t] of [
    ["k", kt],
    ["v", vt],
  ] as const) {
    if (t.width !== kvHeads * headDim) {
      report(ctx, f, shapes.attentionInputs(t.span, what, kvHeads * headDim, t.width));
      return POISON;
    }
  }
  const id = ctx.b.add({
    kind: "attention",
    inputs: [qt.id, kt.id, vt.id],
    attrs: { heads, kvHeads, headDim, causal: causal.v, ...settings },
    name: hint ?? "attention",
    origin: originAt(e.span),
    // persistent memory: params `<scope>.memory.keys` and `.values`
    ...(settings.memory !== undefined
      ? { paramPrefix: f.scope.full(f.scope.unique("memory")), tie: f.scope.tie }
      : {}),
  });
  return { t: "tensor", id, width: qt.width, span: e.span };
}

/** `scale(x, s)`. */
export function scaleCall(e: Call, f: Frame, ctx: Ctx, hint?: string): Value {
  const [first, ...rest] = e.args;
  if (first === undefined || first.name !== undefined) {
    report(ctx, f, msg.missingArgument(e.span, "x", "scale"));
    return POISON;
  }
  const x = ctx.lower.evalExpr(first.value, f, ctx);
  const args = bindArgs(
    "scale",
    builtinParams(SCALE),
    rest,
    (a) => ctx.lower.evalExpr(a, f, ctx),
    e.span,
    ctx,
    f,
  );
  const s = num(args?.get("s") ?? POISON);
  if (x.t === "poison" || s === undefined) return POISON;
  if (x.t !== "tensor") {
    report(ctx, f, msg.expectedTensor(first.span, "`scale`", describe(x)));
    return POISON;
  }
  return scaleNode(x, s, e.span, ctx, hint ?? "scale");
}
