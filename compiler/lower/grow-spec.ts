// The grow section as plain data, checked against the lowered model (constructs.md §9): each event
// grows one dimension (ffn, heads, width, depth) from its current value, in step order; width growth
// cannot reach an attention over the stream (the operators keep every head size, grow-axes.ts);
// depth by stacking multiplies; events never shrink. Model facts come from the graph.
import type { GrowDecl, GrowEvent } from "../../grammar/ast.ts";
import { train as msg } from "../../grammar/core/messages/train.ts";
import type { Span } from "../../grammar/core/source.ts";
import { didYouMean } from "../../grammar/core/suggest.ts";
import type { Graph, NodeOf } from "../ir/types.ts";
import { AxisClasses, streamAttentions } from "./grow-axes.ts";
import { evalExpr } from "./eval.ts";
import { moduleFrame } from "./frame.ts";
import { ffnLayers, modelDepth } from "./grow-structure.ts";
import type { Ctx } from "./frame.ts";
import type { ModuleInfo } from "./resolve.ts";
import type { TrainSpec } from "./train-spec.ts";

export const GROW_TARGETS = ["ffn", "heads", "width", "depth"] as const;
export type GrowTarget = (typeof GROW_TARGETS)[number];

/** One growth event: at optimizer step `step`, `target` goes `from` → `to`, masked in over `maskedOver` steps (0: at once). */
export interface GrowEventSpec {
  readonly step: number;
  readonly target: GrowTarget;
  readonly from: number;
  readonly to: number;
  readonly method?: "stacking";
  readonly maskedOver: number;
  /** Where the event is written (`at step …: …`), for the diagnostics of later checks. */
  readonly span: Span;
}

export interface GrowSpec {
  readonly events: readonly GrowEventSpec[];
}

/** The dimensions a grow event may change, measured on the graph (undefined: not uniform / absent). */
export interface ModelDims {
  width: number;
  heads?: number;
  ffn?: number;
  depth: number;
  /** A mixture of attention (BAM) is present: its experts' heads cannot grow (heads stays unset). */
  moa?: true;
}

/**
 * The model's dimensions: width, heads (all attention nodes agree), the FFNs' hidden width and the
 * depth (the layers of the model-level repeat), as growth reads them (grow-structure.ts).
 */
export function modelDims(g: Graph): ModelDims {
  const heads = new Set<number>();
  for (const n of g.nodes) if (n.kind === "attention") heads.add(n.attrs.heads);
  const ffn = new Set(ffnLayers(new AxisClasses(g)).map((f) => f.hidden));
  const one = (s: Set<number>): number | undefined => (s.size === 1 ? [...s][0] : undefined);
  const dims: ModelDims = { width: g.meta.width, depth: modelDepth(g) };
  const h = one(heads);
  const f = one(ffn);
  const moa = g.nodes.some((n) => n.kind === "moaMix");
  if (h !== undefined && !moa) dims.heads = h;
  if (f !== undefined) dims.ffn = f;
  if (moa) dims.moa = true;
  return dims;
}

export function lowerGrow(
  decl: GrowDecl,
  module: ModuleInfo,
  ctx: Ctx,
  graph: Graph,
  train: TrainSpec | undefined,
): GrowSpec | undefined {
  const f = moduleFrame(module);
  const dims = modelDims(graph);
  const overStream = streamAttentions(new AxisClasses(graph));
  const events: GrowEventSpec[] = [];
  const atStep = new Set<string>();
  let prevStep = -1;
  let ok = true;
  const intOf = (e: GrowEvent["step"], min: number, what: string): number | undefined => {
    const v = evalExpr(e, f, ctx);
    if (v.t === "int" && v.v >= min) return v.v;
    if (v.t !== "poison")
      ctx.r.report(
        msg.badSetting(e.span, what, min > 0 ? "a positive integer" : "a non-negative integer"),
      );
    return undefined;
  };
  for (const ev of decl.events) {
    const name = ev.target.name;
    if (!(GROW_TARGETS as readonly string[]).includes(name)) {
      ctx.r.report(
        msg.unknownGrowTarget.with({ hint: didYouMean(name, GROW_TARGETS) })(ev.target.span, name),
      );
      ok = false;
      continue;
    }
    const target = name as GrowTarget;
    const step = intOf(ev.step, 0, "the event's step");
    const from = intOf(ev.from, 1, `\`${target}\``);
    const to = intOf(ev.to, 1, `\`${target}\``);
    const masked = ev.maskedOver === undefined ? 0 : intOf(ev.maskedOver, 1, "`masked over`");
    if (step === undefined || from === undefined || to === undefined || masked === undefined) {
      ok = false;
      continue;
    }
    const err = checkEvent(ev, target, step, from, to, prevStep, atStep, dims, overStream, ctx);
    if (train !== undefined && step >= train.steps)
      ctx.r.report(msg.growAfterEnd(ev.step.span, step, train.steps));
    if (err) {
      ok = false;
      continue;
    }
    prevStep = step;
    atStep.add(`${target}@${step}`);
    events.push({
      step,
      target,
      from,
      to,
      maskedOver: masked,
      ...(ev.method !== undefined ? { method: "stacking" as const } : {}),
      span: ev.span,
    });
    apply(dims, target, to);
  }
  return ok ? { events } : undefined;
}

/** Reports what is wrong with one event; true when it is in error. */
function checkEvent(
  ev: GrowEvent,
  target: GrowTarget,
  step: number,
  from: number,
  to: number,
  prevStep: number,
  atStep: Set<string>,
  dims: ModelDims,
  overStream: readonly NodeOf<"attention">[],
  ctx: Ctx,
): boolean {
  const r = ctx.r;
  if (atStep.has(`${target}@${step}`))
    return (r.report(msg.growSameStep(ev.step.span, target, step)), true);
  if (step < prevStep) return (r.report(msg.growStepOrder(ev.step.span, step, prevStep)), true);
  if (ev.method !== undefined && (ev.method.name !== "stacking" || target !== "depth"))
    return (r.report(msg.growMethod(ev.method.span, ev.method.name, target)), true);
  const current = dims[target];
  if (current === undefined) {
    const why =
      target === "heads" && dims.moa === true
        ? "a mixture-of-attention layer (BAM) keeps its experts' heads side by side in one attention, so new heads would not belong to an expert"
        : target === "heads"
          ? "its layers have different numbers of heads, or none"
          : "its FFN layers have different widths, or there are none";
    return (r.report(msg.growNotMeasurable(ev.target.span, target, why)), true);
  }
  if (from !== current) return (r.report(msg.growFrom(ev.from.span, target, from, current)), true);
  if (to <= from) return (r.report(msg.growShrinks(ev.to.span, target, from, to)), true);
  // heads growth keeps the head size (q, k, v gain whole heads); width growth leaves attention
  // widths alone, except where an attention's width is the stream's (grow-stages.ts widen)
  const att = target === "width" ? overStream[0] : undefined;
  if (att !== undefined) {
    const related = [{ span: att.origin.span, message: "this attention reads the stream" }];
    const heads = dims.heads ?? att.attrs.heads;
    const report = msg.growHeadSize.with({ related });
    return (r.report(report(ev.to.span, to, heads, from / heads)), true);
  }
  if (target === "depth" && ev.method !== undefined && to % from !== 0)
    return (r.report(msg.growStacking(ev.to.span, from, to)), true);
  return false;
}

function apply(dims: ModelDims, target: GrowTarget, to: number): void {
  dims[target] = to;
}
