// Early exits on a model's repeat (constructs.md §8.2, §8.3): `with layerskip(p_max:, time:, exits:,
// scale:, curriculum:, rule:, threshold:)` adds LayerSkip's per-sample layer dropout after every
// iteration (a `layerDrop` node, p_ℓ = p_max·S(t)·D(ℓ)) and exits through the model's shared final
// norm and head (parameters tied to `ln_f` and `head`); `with exits(at:, rule:, threshold:)` puts an
// own norm and head (`exits.<ℓ>.ln_f`, `exits.<ℓ>.head`) on each chosen layer. Each exit's logits
// ride on the model's output through an `exitOut` node; the plan goes to the graph's meta (the
// runtime's multi-exit loss and exit rule read it).
import type { HeadStmt, ModelDecl, NormStmt, RepeatStmt } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { exits as msg } from "../../grammar/core/messages/exits.ts";
import type { ExitCurriculum, ExitRule, ExitSpec } from "../../spec/exits.ts";
import type { ExitPlan } from "./exit-plan.ts";
import { argSpans, bindArgs, builtinParams } from "./args.ts";
import { EXITS, LAYERSKIP } from "./builtins.ts";
import { originAt, report, withScope, type Ctx, type Frame } from "./frame.ts";
import { linearNode } from "./instantiate.ts";
import type { NodeId } from "../ir/types.ts";
import { Scope } from "./scope.ts";
import { describe, num, POISON, type TensorValue, type Value } from "./values.ts";

/** The plan of a repeat's `with layerskip | exits` clause; undefined without one. */
export function exitSettings(
  s: RepeatStmt,
  depth: number,
  f: Frame,
  ctx: Ctx,
): ExitPlan | undefined | "error" {
  const c = s.exits;
  if (c === undefined) return undefined;
  if (!f.inModel) return fail(ctx, f, msg.exitsOutsideModel(c.span, c.kind));
  if (ctx.exitPlan !== undefined) return fail(ctx, f, msg.exitsTwice(c.span));
  const sig = c.kind === "layerskip" ? LAYERSKIP : EXITS;
  const params = builtinParams(sig);
  const args = bindArgs(
    sig.name,
    params,
    c.args,
    (e) => ctx.lower.evalExpr(e, f, ctx),
    c.span,
    ctx,
    f,
  );
  if (args === undefined) return "error";
  const at = argSpans(params, c.args, c.span);
  const get = (k: string): Value => args.get(k) ?? POISON;
  const layersArg = c.kind === "layerskip" ? "exits" : "at";
  const layers = exitLayers(get(layersArg), depth, at.get(layersArg) ?? c.span, f, ctx);
  const threshold = num(get("threshold"));
  if (layers === undefined || threshold === undefined) return "error";
  if (!(threshold >= 0))
    return fail(
      ctx,
      f,
      msg.exitRate(at.get("threshold")!, "the exit threshold", threshold, "[0, ∞)"),
    );
  const rule = (get("rule") as { name: ExitRule }).name;
  if (c.kind === "exits") {
    const spec: ExitSpec = {
      kind: "exits",
      depth,
      layers,
      scale: 1,
      curriculum: "fixed",
      every: 1,
      rule,
      threshold,
    };
    return { spec, points: new Map(), span: c.span };
  }
  const pMax = num(get("p_max"));
  const scale = num(get("scale"));
  if (pMax === undefined || scale === undefined) return "error";
  if (!(pMax >= 0 && pMax <= 1))
    return fail(ctx, f, msg.exitRate(at.get("p_max")!, "p_max", pMax, "[0, 1]"));
  if (!(scale >= 0))
    return fail(ctx, f, msg.exitRate(at.get("scale")!, "the exit loss scale", scale, "[0, ∞)"));
  const time = get("time");
  const curriculum = (get("curriculum") as { name: ExitCurriculum }).name;
  const every = num(get("every"));
  if (every === undefined) return "error";
  if (every < 1) return fail(ctx, f, msg.exitRate(at.get("every")!, "`every`", every, "1, 2, …"));
  const spec: ExitSpec = {
    kind: "layerskip",
    ...{ depth, layers, scale, curriculum, every, rule, threshold },
  };
  return {
    spec,
    drop: { pMax, time: time.t === "bool" && time.v },
    points: new Map(),
    span: c.span,
  };
}

/** `all` (every layer but the last), `none`, a layer index or a tuple of them: ascending, in 0..L−2. */
function exitLayers(v: Value, depth: number, span: Span, f: Frame, ctx: Ctx): number[] | undefined {
  if (v.t === "poison") return undefined;
  if (v.t === "enum" && v.name === "all")
    return Array.from({ length: Math.max(0, depth - 1) }, (_, i) => i);
  if (v.t === "enum" && v.name === "none") return [];
  const items = v.t === "tuple" ? v.items : [v];
  const out: number[] = [];
  for (const item of items) {
    if (item.t !== "int") {
      report(ctx, f, msg.exitLayers(span, "the exit layers", describe(item)));
      return undefined;
    }
    if (item.v < 0 || item.v >= depth - 1) {
      report(ctx, f, msg.exitLayerRange(span, item.v, depth));
      return undefined;
    }
    if (out.length > 0 && item.v <= out[out.length - 1]!) {
      report(ctx, f, msg.exitLayerOrder(span, item.v));
      return undefined;
    }
    out.push(item.v);
  }
  return out;
}

/** After iteration `i`: LayerSkip's layer dropout on (input, output), and the exit point if chosen. */
export function afterIteration(
  plan: ExitPlan,
  i: number,
  input: Value,
  out: Value,
  f: Frame,
  ctx: Ctx,
): Value {
  if (out.t !== "tensor" || input.t !== "tensor") return out;
  let y: TensorValue = out;
  if (plan.drop !== undefined) {
    if (input.width !== out.width) {
      report(ctx, f, msg.exitsWidth(plan.span, i, input.width, out.width));
      return POISON;
    }
    const id = ctx.b.add({
      kind: "layerDrop",
      inputs: [input.id, out.id],
      attrs: { layer: i, depth: plan.spec.depth, ...plan.drop },
      name: "layer_drop",
      origin: originAt(plan.span),
    });
    y = { ...out, id };
  }
  if (plan.spec.layers.includes(i)) plan.points.set(i, y);
  return y;
}

/** The model's final norm and head as functions of a stream and a frame (model.ts). */
export interface ExitTail {
  readonly norm?: NormStmt | undefined;
  readonly head: HeadStmt;
  readonly lowerNorm: (s: NormStmt, x: Value, f: Frame, ctx: Ctx) => Value;
  readonly lowerHead: (s: HeadStmt, x: Value, f: Frame, ctx: Ctx) => Value;
}

/** Each exit's logits (shared or own norm and head) riding on the model's output `y` via `exitOut`. */
export function lowerExitHeads(
  plan: ExitPlan,
  tail: ExitTail,
  y: TensorValue,
  f: Frame,
  ctx: Ctx,
): Value {
  let out: TensorValue = y;
  for (const layer of plan.spec.layers) {
    const x = plan.points.get(layer);
    if (x === undefined) return POISON;
    const shared = plan.spec.kind === "layerskip";
    const scope = {
      kind: "exit",
      span: plan.span,
      layer,
      shared,
      instance: `exits.${layer}`,
    } as const;
    const id = ctx.b.within(scope, () => exitHead(plan, tail, x, out, layer, f, ctx));
    if (id === undefined) return POISON;
    out = { ...out, id };
  }
  return out;
}

/** One exit's norm and head on `x` (shared: the model's own, tied by name) and its `exitOut` on `y`. */
function exitHead(
  plan: ExitPlan,
  tail: ExitTail,
  x: TensorValue,
  y: TensorValue,
  layer: number,
  f: Frame,
  ctx: Ctx,
): NodeId | undefined {
  const shared = plan.spec.kind === "layerskip";
  const ef = withScope(f, shared ? new Scope("", true) : new Scope(`exits.${layer}`));
  const normed = tail.norm === undefined ? x : tail.lowerNorm(tail.norm, x, ef, ctx);
  if (normed.t !== "tensor") return undefined;
  const logits =
    !shared && isTied(tail.head)
      ? ownHead(normed, layer, tail.head, ef, ctx)
      : tail.lowerHead(tail.head, normed, ef, ctx);
  if (logits.t !== "tensor") return undefined;
  return ctx.b.add({
    kind: "exitOut",
    inputs: [y.id, logits.id],
    attrs: { layer },
    name: "exit",
    origin: originAt(plan.span),
  });
}

function isTied(s: HeadStmt): boolean {
  return s.value.kind === "ident" && s.value.name === "tied";
}

/** An own exit's head where the model's is tied: Linear(d, vocab, bias: false) `exits.<ℓ>.head`. */
function ownHead(x: TensorValue, layer: number, s: HeadStmt, f: Frame, ctx: Ctx): Value {
  if (ctx.vocab === undefined) return POISON;
  return linearNode(
    x,
    { in: x.width, out: ctx.vocab, bias: false },
    `exits.${layer}.head`,
    false,
    s.span,
    f,
    ctx,
  );
}

function fail(ctx: Ctx, f: Frame, d: Parameters<typeof report>[2]): "error" {
  report(ctx, f, d);
  return "error";
}

/** The model's output with its early exits riding on it; undefined after an error. */
export function withExits(
  output: NodeId | undefined,
  decl: ModelDecl,
  tail: Pick<ExitTail, "lowerNorm" | "lowerHead">,
  f: Frame,
  ctx: Ctx,
): NodeId | undefined {
  const plan = ctx.exitPlan;
  if (plan === undefined || output === undefined) return output;
  const head = decl.body.find((s): s is HeadStmt => s.kind === "head");
  const norm = decl.body.find((s): s is NormStmt => s.kind === "norm");
  // The exits reuse the model's tail, so it must follow the repeat (a head before it would leave
  // the repeat out of the model's output).
  const early = [head, norm].find((t) => t !== undefined && t.span.start < plan.span.start);
  if (head === undefined || early !== undefined) {
    const related =
      early === undefined ? [] : [{ span: early.span, message: "it comes before the repeat here" }];
    report(ctx, f, msg.exitsNeedHead.with({ related })(plan.span, plan.spec.kind));
    return undefined;
  }
  const y: TensorValue = { t: "tensor", id: output, width: ctx.vocab ?? 0, span: head.span };
  const out = lowerExitHeads(plan, { ...tail, norm, head }, y, f, ctx);
  return out.t === "tensor" ? out.id : undefined;
}

/** The graph meta's `exits` (absent without early exits). */
export const exitMeta = (ctx: Ctx): { exits?: ExitSpec } =>
  ctx.exitPlan === undefined ? {} : { exits: ctx.exitPlan.spec };
