// `repeat N with scalar_mix { body }` (BERMo, constructs.md §4.3), only in a model: the repeat's
// value is z = γ · Σ_{j=0}^{N} softmax(s)_j · h_j, with h_0 the stream entering the repeat and h_j
// the output of iteration j; what follows the repeat (the final norm, the head) reads z.
// Parameters `scalar_mix.weights [N+1]` (zeros) and `scalar_mix.gamma [1]` (ones) at the model's root.
import type { RepeatStmt } from "../../grammar/ast.ts";
import { depth } from "../../grammar/core/messages/depth.ts";
import { originAt, report, type Ctx, type Frame } from "./frame.ts";
import type { TensorValue } from "./values.ts";

/** False (reported) when `with scalar_mix` is written outside a model body. */
export function scalarMixAllowed(s: RepeatStmt, f: Frame, ctx: Ctx): boolean {
  if (s.scalarMix === undefined || f.inModel) return true;
  report(ctx, f, depth.scalarMixOutsideModel(s.scalarMix.span));
  return false;
}

/** False (reported) when a layer's output width differs from the stream entering the repeat. */
export function scalarMixWidthOk(
  s: RepeatStmt,
  out: TensorValue,
  x0: TensorValue,
  f: Frame,
  ctx: Ctx,
): boolean {
  if (out.width === x0.width) return true;
  report(ctx, f, depth.scalarMixWidth(s.span, out.width, x0.width));
  return false;
}

/** The mix node over [h_0 … h_N], oldest first. */
export function scalarMixNode(
  hs: readonly TensorValue[],
  s: RepeatStmt,
  f: Frame,
  ctx: Ctx,
): TensorValue {
  const last = hs[hs.length - 1] as TensorValue;
  const id = ctx.b.add({
    kind: "scalarMix",
    inputs: hs.map((h) => h.id),
    attrs: { layers: hs.length - 1 },
    name: "scalar_mix",
    origin: originAt(s.scalarMix?.span ?? s.span),
    paramPrefix: f.scope.full(f.scope.unique("scalar_mix")),
  });
  return { t: "tensor", id, width: last.width, span: s.span };
}
