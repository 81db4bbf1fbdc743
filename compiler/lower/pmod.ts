// `repeat N with pmod(mean: ρ̄, max: ρ_max, min: ρ_min) { layer }` (p-MoD, constructs.md §8.1), only
// in a model: layer ℓ keeps ρ_ℓ of the tokens by the progressive ratio decay (spec/pmod.ts
// keepRatio); a layer with cos(ℓπ/(N−1))/2 + ρ̄ > ρ_max stays dense (no router). A routed layer:
// r = router(x) (zeros at init), the top ⌊ρ_ℓ·T⌋ tokens in order run the layer as a shorter
// sequence with ŵ = 0.2·tanh(r) + 1 on each residual branch without attention (the FFN), and the
// skipped tokens become ŵ·x (STRing). The iteration records its `keep` ratio in the structure.
import type { RepeatStmt } from "../../grammar/ast.ts";
import { depth } from "../../grammar/core/messages/depth.ts";
import { keepRatio, type RatioDecay } from "../../spec/pmod.ts";
import { argSpan, bindArgs, builtinParams } from "./args.ts";
import { PMOD } from "./builtins.ts";
import { originAt, report, type Ctx, type Frame } from "./frame.ts";
import { num, POISON, type TensorValue, type Value } from "./values.ts";

/** What a routed layer's residuals read: the router scores, the ratio, and a count of FFN branches weighted. */
export interface PmodLayer {
  readonly scores: TensorValue;
  readonly ratio: number;
  readonly weighted: { n: number };
}

/** The clause's settings, checked; undefined without `with pmod`, "error" after a reported error. */
export function pmodSettings(s: RepeatStmt, f: Frame, ctx: Ctx): RatioDecay | undefined | "error" {
  if (s.pmod === undefined) return undefined;
  if (!f.inModel) {
    report(ctx, f, depth.pmodOutsideModel(s.pmod.span));
    return "error";
  }
  const clause = s.pmod;
  const args = bindArgs(
    "pmod",
    builtinParams(PMOD),
    clause.args,
    (e) => ctx.lower.evalExpr(e, f, ctx),
    clause.span,
    ctx,
    f,
  );
  if (args === undefined) return "error";
  const values = (["mean", "max", "min"] as const).map((k) => num(args.get(k) ?? POISON));
  const [mean, max, min] = values;
  if (mean === undefined || max === undefined || min === undefined) return "error";
  for (const [i, what] of (["mean", "max", "min"] as const).entries()) {
    const v = values[i] as number;
    if (!(v > 0 && v <= 1)) {
      report(ctx, f, depth.pmodRatio(argSpan(clause.args, what, i, clause.span), `\`${what}\``, v));
      return "error";
    }
  }
  if (min > mean) {
    report(ctx, f, depth.pmodOrder(argSpan(clause.args, "min", 2, clause.span), min, mean));
    return "error";
  }
  return { mean, max, min };
}

/** The keep ratio of iteration i of n, or undefined for a dense layer. */
export function layerRatio(decay: RatioDecay, i: number, n: number): number | undefined {
  const r = keepRatio(i, n, decay);
  return r.dense ? undefined : r.ratio;
}

/** The router and the gather before a routed layer: the scores and the kept tokens. */
export function pmodEnter(
  x: TensorValue,
  ratio: number,
  s: RepeatStmt,
  f: Frame,
  ctx: Ctx,
): { readonly layer: PmodLayer; readonly kept: TensorValue } {
  const origin = originAt(s.pmod?.span ?? s.span);
  const r = ctx.b.add({
    kind: "modRouter",
    inputs: [x.id],
    attrs: { d: x.width },
    name: "router",
    origin,
    paramPrefix: f.scope.full(f.scope.unique("router")),
  });
  const scores: TensorValue = { t: "tensor", id: r, width: 1, span: s.span };
  const kept = ctx.b.add({
    kind: "modGather",
    inputs: [x.id, r],
    attrs: { ratio },
    name: "kept",
    origin,
  });
  return {
    layer: { scores, ratio, weighted: { n: 0 } },
    kept: { t: "tensor", id: kept, width: x.width, span: x.span },
  };
}

/** The scatter after a routed layer (ŵ·x for skipped tokens), with the layer's checks. */
export function pmodExit(
  out: Value,
  x: TensorValue,
  layer: PmodLayer,
  s: RepeatStmt,
  f: Frame,
  ctx: Ctx,
): Value {
  if (out.t !== "tensor") return POISON;
  if (out.width !== x.width) {
    report(ctx, f, depth.pmodWidth(s.span, out.width, x.width));
    return POISON;
  }
  if (layer.weighted.n === 0) {
    report(ctx, f, depth.pmodNoFfn(s.body[0]?.span ?? s.span));
    return POISON;
  }
  const id = ctx.b.add({
    kind: "modScatter",
    inputs: [out.id, x.id, layer.scores.id],
    attrs: { ratio: layer.ratio },
    name: "routed",
    origin: originAt(s.pmod?.span ?? s.span),
  });
  return { t: "tensor", id, width: x.width, span: out.span };
}

/**
 * A residual branch F in a routed layer: ŵ ⊙ F when F has no attention (the FFN branch, which
 * p-MoD weights), F itself otherwise. `first` is the first node id of the branch.
 */
export function pmodWeighBranch(out: TensorValue, first: number, f: Frame, ctx: Ctx): TensorValue {
  const layer = f.layer?.pmod;
  if (layer === undefined) return out;
  for (let id = first; id < ctx.b.nextId; id++) if (ctx.b.node(id).kind === "attention") return out;
  layer.weighted.n += 1;
  const id = ctx.b.add({
    kind: "modWeigh",
    inputs: [out.id, layer.scores.id],
    attrs: { ratio: layer.ratio },
    name: "weighted",
    origin: originAt(out.span),
  });
  return { ...out, id };
}
