// `repeat N as i with dwa(dilation: k, period: p) { body }`: N unrolled copies named `blocks.<n>`,
// `i` bound to the 0-based index. With DWA (DenseFormer §4.2, only in a model): X_0 is the stream
// entering the repeat, X_i the raw output of block i (1-based); after blocks with i mod p = 0 the
// next input is Σ_{j ∈ S_i} α_{i,j} X_j with S_i = {j ≤ i : j ≡ i (mod k)}, elsewhere X_i itself.
// Site i has ⌊i/k⌋+1 weights (`dwa.<i>.weights`, identity at init). The other `with` clauses:
// `layerskip(…)`/`exits(…)` (early exits, exits.ts), `pmod(…)` (p-MoD layers, pmod.ts) and
// `scalar_mix` (BERMo, scalar-mix.ts); a repeat takes one.
import type { RepeatStmt } from "../../grammar/ast.ts";
import { shapes } from "../../grammar/core/messages/shapes.ts";
import { types as msg } from "../../grammar/core/messages/types.ts";
import { argSpan, bindArgs, builtinParams, requireInt } from "./args.ts";
import { DWA } from "./builtins.ts";
import type { RatioDecay } from "../../spec/pmod.ts";
import {
  bodyFrame,
  originAt,
  report,
  withScope,
  type Ctx,
  type Frame,
  type StmtLowerer,
} from "./frame.ts";
import { int, num, POISON, type TensorValue, type Value } from "./values.ts";
import { graphSizeOk, MAX_REPEAT, withinLimit } from "./limits.ts";
import type { ExitPlan } from "./exit-plan.ts";
import { afterIteration, exitSettings } from "./exits.ts";
import { layerRatio, pmodEnter, pmodExit, pmodSettings } from "./pmod.ts";
import { scalarMixAllowed, scalarMixNode, scalarMixWidthOk } from "./scalar-mix.ts";

export const lowerRepeat: StmtLowerer<RepeatStmt> = (s, state, f, ctx) => ({
  stream: repeatStream(s, state.stream, f, ctx),
});

/**
 * The count `v` of repeat `s`: an integer from 0 to MAX_REPEAT, else reported (undefined). The
 * declaration check (its table entry's `check`) calls it too, for repeats no model reaches.
 */
export function repeatCount(s: RepeatStmt, v: Value, f: Frame, ctx: Ctx): number | undefined {
  const count = requireInt(v, "`repeat`", s.count.span, ctx, f);
  if (count === undefined) return undefined;
  if (count < 0) {
    report(
      ctx,
      f,
      msg.typeMismatch(s.count.span, "`repeat`", "a non-negative integer", String(count)),
    );
    return undefined;
  }
  if (!withinLimit("the `repeat` count", count, MAX_REPEAT, s.count.span, f, ctx)) return undefined;
  return count;
}

function repeatStream(s: RepeatStmt, stream: Value, f: Frame, ctx: Ctx): Value {
  const count = repeatCount(s, ctx.lower.evalExpr(s.count, f, ctx), f, ctx);
  if (count === undefined) return POISON;
  const dwa = dwaSettings(s, f, ctx);
  const pmod = pmodSettings(s, f, ctx);
  if (dwa === "error" || pmod === "error" || !scalarMixAllowed(s, f, ctx)) return POISON;
  const exits = exitSettings(s, count, f, ctx);
  if (exits === "error") return POISON;
  const structure = {
    kind: "repeat",
    span: s.span,
    count,
    ...(s.index !== undefined ? { index: s.index.name } : {}),
    ...(dwa !== undefined ? { dwa } : {}),
    ...(exits !== undefined ? { exits: exits.spec } : {}),
    ...(s.scalarMix !== undefined ? { scalarMix: true as const } : {}),
    ...(pmod !== undefined ? { pmod } : {}),
  } as const;
  const y = ctx.b.within(structure, () => unroll(s, count, dwa, exits, pmod, stream, f, ctx));
  if (exits !== undefined && y.t === "tensor") ctx.exitPlan = exits;
  return y;
}

/** The `count` iterations, each its own scope, with the DWA sites between them. */
function unroll(
  s: RepeatStmt,
  count: number,
  dwa: { dilation: number; period: number } | undefined,
  exits: ExitPlan | undefined,
  pmod: RatioDecay | undefined,
  stream: Value,
  f: Frame,
  ctx: Ctx,
): Value {
  const x0 = stream;
  const xs: TensorValue[] = x0.t === "tensor" ? [x0] : [];
  let y: Value = stream;
  for (let i = 0; i < count; i++) {
    if (!graphSizeOk(s.count.span, f, ctx)) return POISON;
    const n = f.scope.nextBlock();
    const scope = f.scope.child(f.scope.unique(`blocks.${n}`));
    const ratio = pmod === undefined ? undefined : layerRatio(pmod, i, count);
    const input = y;
    const iteration = {
      kind: "iteration",
      span: s.body[0]?.span ?? s.span,
      index: i,
      instance: scope.path,
      ...(ratio !== undefined ? { keep: ratio } : {}),
    } as const;
    // a plain iteration also gives its frame, which the early exits read after it (p-MoD gives none)
    const layer = (): { value: Value; frame?: Frame } => {
      if (ratio === undefined || input.t !== "tensor") {
        const inner: Frame = { ...bodyFrame(f, scope, input), layer: { index: i, count } };
        if (s.index !== undefined) inner.vars.set(s.index.name, int(i));
        const r = ctx.lower.lowerBody(s.body, input, inner, ctx, scope);
        return { value: r.returned ?? r.stream, frame: inner };
      }
      // p-MoD: the layer runs on the kept tokens, then the skipped ones rejoin (pmod.ts)
      const routed = withScope(f, scope);
      const { layer: mod, kept } = pmodEnter(input, ratio, s, routed, ctx);
      const pmodLayer = { index: i, count, pmod: mod };
      const inner: Frame = { ...bodyFrame(f, scope, kept), layer: pmodLayer };
      if (s.index !== undefined) inner.vars.set(s.index.name, int(i));
      const r = ctx.lower.lowerBody(s.body, kept, inner, ctx, scope);
      return { value: pmodExit(r.returned ?? r.stream, input, mod, s, f, ctx) };
    };
    const { value: raw, frame } = ctx.b.within(iteration, layer);
    // a repeat has one `with` clause: exits and p-MoD never meet
    const out =
      exits === undefined || frame === undefined
        ? raw
        : afterIteration(exits, i, input, raw, frame, ctx);
    if (s.scalarMix !== undefined && out.t === "tensor" && x0.t === "tensor") {
      if (!scalarMixWidthOk(s, out, x0, f, ctx)) return POISON;
      xs.push(out);
    }
    if (dwa === undefined || out.t !== "tensor" || x0.t !== "tensor") {
      y = out;
      continue;
    }
    if (out.width !== x0.width) {
      report(ctx, f, shapes.dwaWidth(s.span, out.width, x0.width));
      return POISON;
    }
    xs.push(out);
    const site = i + 1;
    y = site % dwa.period === 0 ? dwaNode(xs, site, dwa.dilation, s, f, ctx) : out;
  }
  if (s.scalarMix !== undefined && count > 0 && xs.length === count + 1) {
    return scalarMixNode(xs, s, f, ctx);
  }
  return y;
}

function dwaSettings(
  s: RepeatStmt,
  f: Frame,
  ctx: Ctx,
): { dilation: number; period: number } | undefined | "error" {
  if (s.dwa === undefined) return undefined;
  if (!f.inModel) {
    report(ctx, f, msg.dwaOutsideModel(s.dwa.span));
    return "error";
  }
  const args = bindArgs(
    "dwa",
    builtinParams(DWA),
    s.dwa.args,
    (e) => ctx.lower.evalExpr(e, f, ctx),
    s.dwa.span,
    ctx,
    f,
  );
  if (args === undefined) return "error";
  const dilation = num(args.get("dilation") ?? POISON);
  const period = num(args.get("period") ?? POISON);
  if (dilation === undefined || period === undefined) return "error";
  for (const [what, v, index] of [
    ["dilation", dilation, 0],
    ["period", period, 1],
  ] as const) {
    if (v < 1) {
      const at = argSpan(s.dwa.args, what, index, s.dwa.span);
      report(ctx, f, shapes.nonPositive(at, `the DWA ${what}`, v));
      return "error";
    }
  }
  return { dilation, period };
}

/** The average after block `site` over X_j, j ≡ site (mod k), oldest first. */
function dwaNode(
  xs: readonly TensorValue[],
  site: number,
  k: number,
  s: RepeatStmt,
  f: Frame,
  ctx: Ctx,
): TensorValue {
  const sources: number[] = [];
  for (let j = site % k; j <= site; j += k) sources.push(j);
  const inputs = sources.map((j) => xs[j]?.id ?? -1);
  const last = xs[site] as TensorValue;
  const name = `dwa.${site}`;
  const id = ctx.b.add({
    kind: "dwa",
    inputs,
    attrs: { site, sources },
    name: "dwa",
    origin: originAt(s.dwa?.span ?? s.span),
    paramPrefix: f.scope.full(f.scope.unique(name)),
  });
  return { t: "tensor", id, width: last.width, span: s.span };
}
