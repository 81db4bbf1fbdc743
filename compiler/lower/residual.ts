// `residual(placement, norm_kind, scale: s) { F }` per constructs.md §3:
//   pre      x + F(s·N_in(x))                    post     N_post(x + F(x))
//   peri     x + N_out(F(s·N_in(x)))             sandwich same as peri (CogView's Sandwich-LN is
//   sub      pre + N_sub before F's final Linear           the same formula; only the name differs)
//   sub(γ)   sub with Magneto's init: Xavier-normal, v/out/FFN weights × γ (q, k gain 1)
//   none     x + F(x)                            deepnorm(α, β)  N_post(α·x + F(x)), β-scaled init
//   mixln(α) post in layers ℓ < ⌊αL⌋ of the enclosing repeat, pre after (resolvePlacement)
// A scale of 1 and α = 1 add no node, so LNS with factor 1 is exactly Pre-LN and DeepNorm with
// α = 1 has Post-LN's nodes. The arguments are bound by construct.ts (stmt-table.ts: RESIDUAL).
import type { ResidualStmt } from "../../grammar/ast.ts";
import type { Span } from "../../grammar/core/source.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { argSpan } from "./args.ts";
import type { ConstructLowerer } from "./construct.ts";
import { MIXLN_ALPHA } from "./builtins.ts";
import { applyDeepNormInit } from "./deepnorm.ts";
import { bodyFrame, report, type Ctx, type Frame } from "./frame.ts";
import { normNode } from "./instantiate.ts";
import { stmtBaseName } from "./naming.ts";
import type { Scope } from "./scope.ts";
import { pmodWeighBranch } from "./pmod.ts";
import { insertSubNorm } from "./sub-ln.ts";
import { addNode, scaleNode } from "./tensor-ops.ts";
import { float, num, POISON, type TensorValue, type Value } from "./values.ts";

type NormKind = "layernorm" | "rmsnorm";

export const lowerResidual: ConstructLowerer<ResidualStmt> = (s, args, stream, f, ctx, lone) => {
  const placement = args.get("placement");
  const kindV = args.get("norm");
  const scale = num(args.get("scale") ?? POISON);
  if (placement?.t !== "enum" || kindV?.t !== "enum" || scale === undefined) return POISON;
  const kind = kindV.name as NormKind;
  const p = resolvePlacement(placement, s, f, ctx);
  if (p === undefined) return POISON;
  let alpha = 1;
  let beta = 1;
  const gamma =
    p === "sub" && placement.args !== undefined
      ? (num(placement.args.get("gamma") ?? POISON) ?? NaN)
      : undefined;
  if (gamma !== undefined && Number.isNaN(gamma)) return POISON;
  if (p === "deepnorm") {
    const a = placement.args;
    if (a === undefined) {
      report(
        ctx,
        f,
        msg.missingArgument(argSpan(s.args, "placement", 0, s.span), "alpha", "deepnorm"),
      );
      return POISON;
    }
    alpha = num(a.get("alpha") ?? POISON) ?? NaN;
    beta = num(a.get("beta") ?? POISON) ?? NaN;
    if (Number.isNaN(alpha) || Number.isNaN(beta)) return POISON;
  }
  const hasInputNorm = p === "pre" || p === "peri" || p === "sandwich" || p === "sub";
  if (scale !== 1 && !hasInputNorm) {
    report(ctx, f, msg.scaleWithoutInputNorm(argSpan(s.args, "scale", 2, s.span), p));
    return POISON;
  }
  const scope = lone ?? f.scope.child(f.scope.unique(stmtBaseName(s.body, ctx.lower.stmts)));
  const structure = {
    kind: "residual",
    span: s.span,
    placement: p,
    norm: kind,
    scale,
    ...(p === "deepnorm" ? { alpha, beta } : {}),
    ...(gamma !== undefined ? { gamma } : {}),
  } as const;
  return ctx.b.within(structure, () =>
    lowerResidualIn(s, stream, { p, kind, scale, alpha, beta, gamma, hasInputNorm }, scope, f, ctx),
  );
};

/**
 * The placement the residual lowers: `mixln(alpha: α)` is Post-LN in layers ℓ < ⌊αL⌋ of the
 * innermost enclosing repeat (0-based ℓ, L its count) and Pre-LN in the rest (constructs.md §3.5),
 * so α = 0 is Pre-LN and α = 1 Post-LN; outside a repeat it is an error. Others are themselves.
 */
function resolvePlacement(
  placement: Extract<Value, { t: "enum" }>,
  s: ResidualStmt,
  f: Frame,
  ctx: Ctx,
): string | undefined {
  if (placement.name !== "mixln") return placement.name;
  if (f.layer === undefined) {
    report(ctx, f, msg.mixlnOutsideRepeat(argSpan(s.args, "placement", 0, s.span)));
    return undefined;
  }
  const alpha = num(placement.args?.get("alpha") ?? float(MIXLN_ALPHA));
  if (alpha === undefined) return undefined;
  return f.layer.index < Math.floor(alpha * f.layer.count) ? "post" : "pre";
}

/** The residual's settings, evaluated and checked. */
interface ResidualSettings {
  readonly p: string;
  readonly kind: NormKind;
  readonly scale: number;
  readonly alpha: number;
  readonly beta: number;
  readonly gamma: number | undefined;
  readonly hasInputNorm: boolean;
}

/** The nodes of one residual, inside its scope. */
function lowerResidualIn(
  s: ResidualStmt,
  stream: TensorValue,
  { p, kind, scale, alpha, beta, gamma, hasInputNorm }: ResidualSettings,
  scope: Scope,
  f: Frame,
  ctx: Ctx,
): Value {
  const x = stream;
  const norm = (name: string, t: Value): Value =>
    t.t === "tensor"
      ? normNode(kind, t, x.width, scope.full(scope.unique(name)), scope.tie, s.span, f, ctx)
      : POISON;

  let branchIn: Value = x;
  if (hasInputNorm) {
    branchIn = norm("ln_in", x);
    if (scale !== 1 && branchIn.t === "tensor")
      branchIn = scaleNode(branchIn, scale, s.span, ctx, "ln_scale");
  }
  const start = ctx.b.nextId;
  let out = lowerBranch(s, branchIn, bodyFrame(f, scope, branchIn), ctx, scope);
  if (out.t !== "tensor") return POISON;
  if (p === "sub") out = insertSubNorm(out, kind, scope, s, f, ctx);
  if (p === "sub" && gamma !== undefined) applyDeepNormInit(ctx.b, start, gamma); // same rule, gain γ
  if (p === "deepnorm") applyDeepNormInit(ctx.b, start, beta);
  if (out.t !== "tensor") return POISON;
  if (!checkWidth(out, x, s.body[0]?.span ?? s.span, ctx, f)) return POISON;
  if (p === "peri" || p === "sandwich") out = norm("ln_out", out);
  if (out.t !== "tensor") return POISON;
  out = pmodWeighBranch(out, start, f, ctx); // ŵ·F on a p-MoD layer's FFN branch (pmod.ts)
  if (p === "post" || p === "deepnorm") {
    const skip = alpha === 1 ? x : scaleNode(x, alpha, s.span, ctx, "alpha");
    const sum = addNode(skip, out, s.span, ctx, "residual");
    return norm("ln_post", sum);
  }
  return addNode(x, out, s.span, ctx, "residual");
}

function lowerBranch(s: ResidualStmt, input: Value, inner: Frame, ctx: Ctx, scope: Scope): Value {
  const r = ctx.lower.lowerBody(s.body, input, inner, ctx, scope);
  return r.returned ?? r.stream;
}

/** The branch must map width d to d; otherwise an error at the body with a note where F ends. */
export function checkWidth(
  out: TensorValue,
  x: TensorValue,
  at: Span,
  ctx: Ctx,
  f: Frame,
): boolean {
  if (out.width === x.width) return true;
  const related =
    out.span.start !== at.start || out.span.file !== at.file
      ? [{ span: out.span, message: `the branch's output (width ${out.width}) is produced here` }]
      : [];
  report(ctx, f, shapes.residualWidth.with({ related })(at, out.width, x.width));
  return false;
}
