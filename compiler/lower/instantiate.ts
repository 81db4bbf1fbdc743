// Applying layers to tensors: primitive layers become IR nodes with hierarchical parameter names;
// a block call becomes a subgraph lowered in a new frame (its module, its arguments, `x` bound to
// the input, its instance scope and path; its body through `ctx.lower.lowerBody`); a shared layer
// is applied under its fixed scope.
import type { Span } from "../../grammar/core/source.ts";
import { names as nameMsg } from "../../grammar/core/messages/names.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import type { ScalarArg } from "../ir/structure.ts";
import type { InitSpec } from "../ir/types.ts";
import { LAYER_NORM_EPS, RMS_NORM_EPS } from "../../spec/norms.ts";
import { originAt, report, type Ctx, type Frame } from "./frame.ts";
import { blockDepthOk, graphSizeOk } from "./limits.ts";
import { Scope, snakeCase } from "./scope.ts";
import {
  describe,
  num,
  POISON,
  type LayerValue,
  type SharedValue,
  type TensorValue,
  type Value,
} from "./values.ts";

/** How the instance created by an application is named. */
export type Naming =
  | { readonly kind: "named"; readonly name: string }
  | { readonly kind: "anon" }
  /** Use this scope itself (a lone statement inside a residual, a repeat iteration, …). */
  | { readonly kind: "adopt"; readonly scope: Scope };

/** Applies a layer value (or shared layer, or activation) to an input; `site` is the call's span. */
export function applyCallable(
  callee: Value,
  input: Value,
  site: Span,
  naming: Naming,
  f: Frame,
  ctx: Ctx,
): Value {
  switch (callee.t) {
    case "poison":
      return POISON;
    case "layer":
      return applyLayer(callee, input, site, naming, f, ctx);
    case "shared":
      return applyShared(callee, input, site, f, ctx);
    default:
      report(ctx, f, msg.expectedLayer(site, describe(callee)));
      return POISON;
  }
}

/** A layer with bound arguments applied to one input. */
export function applyLayer(
  layer: LayerValue,
  input: Value,
  site: Span,
  naming: Naming,
  f: Frame,
  ctx: Ctx,
): Value {
  if (input.t === "poison" || [...layer.args.values()].some((v) => v.t === "poison")) return POISON;
  if (layer.target.kind === "block")
    return applyBlock(layer, layer.target, input, site, naming, f, ctx);
  const prim = layer.target.prim;
  if (prim === "TokenEmbedding" || prim === "LearnedPositions" || prim === "SinusoidalPositions") {
    report(ctx, f, shapes.notTokens(site, prim));
    return POISON;
  }
  if (input.t !== "tensor") {
    report(ctx, f, msg.expectedTensor(site, `\`${layer.callee}\``, describe(input)));
    return POISON;
  }
  const a = (k: string): number => num(layer.args.get(k) ?? POISON) ?? NaN;
  const flag = (k: string): boolean =>
    layer.args.get(k)?.t === "bool" && (layer.args.get(k) as { v: boolean }).v;
  const { prefix, tie } = primPrefix(naming, snakeCase(prim), f);
  const at = (k: string): Span => layer.argSpans?.get(k) ?? site;
  switch (prim) {
    case "Linear": {
      const width = { in: a("in"), out: a("out"), bias: flag("bias") };
      if (!linearWidths(width, at, f, ctx)) return POISON;
      return linearNode(input, width, prefix, tie, site, f, ctx);
    }
    case "LayerNorm":
    case "RMSNorm": {
      const kind = prim === "LayerNorm" ? "layernorm" : "rmsnorm";
      const opts = { eps: a("eps"), bias: flag("bias") };
      return normNode(kind, input, a("d"), prefix, tie, site, f, ctx, opts);
    }
    case "Dropout": {
      const p = a("p");
      if (!(p >= 0 && p < 1)) {
        report(ctx, f, msg.outOfRange(at("p"), "the dropout rate", String(p), "in [0, 1)"));
        return POISON;
      }
      const id = ctx.b.add({
        kind: "dropout",
        inputs: [input.id],
        attrs: { p },
        name: "dropout",
        origin: originAt(site),
      });
      return { t: "tensor", id, width: input.width, span: site };
    }
  }
}

/** Parameter prefix and tie flag for a primitive under a naming. */
export function primPrefix(
  naming: Naming,
  base: string,
  f: Frame,
): { prefix: string; tie: boolean } {
  switch (naming.kind) {
    case "adopt":
      return { prefix: naming.scope.path, tie: naming.scope.tie };
    case "named":
      return { prefix: f.scope.full(f.scope.unique(naming.name)), tie: f.scope.tie };
    case "anon":
      return { prefix: f.scope.full(f.scope.numbered(base)), tie: f.scope.tie };
  }
}

/** The instance scope of a block application. */
function blockScope(naming: Naming, callee: string, f: Frame): Scope {
  switch (naming.kind) {
    case "adopt":
      return naming.scope;
    case "named":
      return f.scope.child(f.scope.unique(naming.name));
    case "anon":
      return f.scope.child(f.scope.unique(snakeCase(callee)));
  }
}

/** A Linear's widths are positive integers; else an error at the width's argument (`at`). */
function linearWidths(
  a: { in: number; out: number },
  at: (k: "in" | "out") => Span,
  f: Frame,
  ctx: Ctx,
): boolean {
  const bad = (["in", "out"] as const).find((k) => !(a[k] >= 1 && Number.isInteger(a[k])));
  if (bad === undefined) return true;
  report(ctx, f, shapes.nonPositive(at(bad), "a Linear's width", a[bad]));
  return false;
}

/** `Linear(in, out, bias)` on a tensor, checking the incoming width. */
export function linearNode(
  input: TensorValue,
  a: { in: number; out: number; bias: boolean },
  prefix: string,
  tie: boolean,
  site: Span,
  f: Frame,
  ctx: Ctx,
  init?: (slot: string) => InitSpec | undefined,
): Value {
  if (!linearWidths(a, () => site, f, ctx)) return POISON;
  if (input.width !== a.in) {
    report(
      ctx,
      f,
      shapes.linearInput(site, "Linear", a.in, input.width, ctx.where(input.span, site)),
    );
    return POISON;
  }
  const id = ctx.b.add({
    kind: "linear",
    inputs: [input.id],
    attrs: a,
    name: lastSegment(prefix),
    origin: originAt(site),
    paramPrefix: prefix,
    tie,
    ...(init !== undefined ? { init } : {}),
  });
  return { t: "tensor", id, width: a.out, span: site };
}

/** A LayerNorm or RMSNorm of width `d` (defaults: eps spec/norms.ts, bias on for LayerNorm). */
export function normNode(
  kind: "layernorm" | "rmsnorm",
  input: TensorValue,
  d: number,
  prefix: string,
  tie: boolean,
  site: Span,
  f: Frame,
  ctx: Ctx,
  opts: { eps?: number; bias?: boolean } = {},
): Value {
  if (input.width !== d) {
    report(
      ctx,
      f,
      shapes.normWidth(
        site,
        kind === "layernorm" ? "LayerNorm" : "RMSNorm",
        d,
        input.width,
        ctx.where(input.span, site),
      ),
    );
    return POISON;
  }
  const common = {
    inputs: [input.id],
    name: lastSegment(prefix),
    origin: originAt(site),
    paramPrefix: prefix,
    tie,
  };
  const id =
    kind === "layernorm"
      ? ctx.b.add({
          kind: "layerNorm",
          attrs: { d, eps: opts.eps ?? LAYER_NORM_EPS, bias: opts.bias ?? true },
          ...common,
        })
      : ctx.b.add({ kind: "rmsNorm", attrs: { d, eps: opts.eps ?? RMS_NORM_EPS }, ...common });
  return { t: "tensor", id, width: d, span: site };
}

function applyBlock(
  layer: LayerValue,
  target: Extract<LayerValue["target"], { kind: "block" }>,
  input: Value,
  site: Span,
  naming: Naming,
  f: Frame,
  ctx: Ctx,
): Value {
  if (input.t !== "tensor") {
    report(ctx, f, msg.expectedTensor(site, `\`${layer.callee}\``, describe(input)));
    return POISON;
  }
  if (f.active.includes(target.decl)) {
    report(ctx, f, nameMsg.recursiveBlock(site, target.decl.name.name));
    return POISON;
  }
  if (!blockDepthOk(target.decl.name.name, site, f, ctx)) return POISON;
  if (!graphSizeOk(site, f, ctx)) return POISON;
  const scope = blockScope(naming, layer.callee, f);
  const vars = new Map(layer.args);
  vars.set("x", input);
  const inner: Frame = {
    module: target.module,
    vars,
    scope,
    path: [...f.path, { block: target.decl.name.name, instance: scope.path, call: site }],
    inModel: false,
    active: [...f.active, target.decl],
    ...(f.layer !== undefined ? { layer: f.layer } : {}),
  };
  const body = target.decl.body;
  const structure = {
    kind: "block",
    span: site,
    block: target.decl.name.name,
    instance: scope.path,
    args: scalarArgs(layer.args),
    shared: scope.tie,
  } as const;
  const r = ctx.b.within(structure, () =>
    ctx.lower.lowerBody(body, input, inner, ctx, body.length === 1 ? scope : undefined),
  );
  if (
    r.returned === undefined &&
    body.some((st) => st.kind === "assign") &&
    !body.some((st) => st.kind === "layer")
  ) {
    report(ctx, inner, msg.noOutput(target.decl.name.span, target.decl.name.name));
  }
  return r.returned ?? r.stream;
}

/** A shared layer: always under its own scope; parameters created by the first use are tied after. */
function applyShared(s: SharedValue, input: Value, site: Span, f: Frame, ctx: Ctx): Value {
  const scope = new Scope(s.scope.path, true);
  return applyLayer(s.layer, input, site, { kind: "adopt", scope }, f, ctx);
}

function lastSegment(prefix: string): string {
  return prefix.slice(prefix.lastIndexOf(".") + 1) || prefix;
}

/** The scalar arguments of a block call, as the structure records them (tensors and layers left out). */
function scalarArgs(args: ReadonlyMap<string, Value>): Record<string, ScalarArg> {
  const out: Record<string, ScalarArg> = {};
  for (const [k, v] of args) {
    if (v.t === "int" || v.t === "float" || v.t === "bool" || v.t === "string") out[k] = v.v;
    else if (v.t === "enum") out[k] = v.name;
  }
  return out;
}
