// Op `attention`: multi-head scaled dot-product attention (MHA, GQA, MQA; constructs.md §5.1).
import type { Shape } from "../types.ts";
import {
  fail,
  lastDim,
  NORMAL_INIT,
  ok,
  sameDim,
  showShape,
  type OpDef,
  type ShapeResult,
} from "./op-def.ts";

/**
 * `attention {heads, kvHeads, headDim, causal}`: inputs [q [B,T,heads·headDim],
 * k [B,T,kvHeads·headDim], v [B,T,kvHeads·headDim]] → [B,T,heads·headDim].
 * kvHeads divides heads; query head h uses K/V group ⌊h / (heads/kvHeads)⌋. `rope` rotates q and
 * k (headDim even), `alibi` biases the scores; neither has params. `memory` N > 0: params
 * `keys`, `values` [N, kvHeads·headDim] under the prefix `<scope>.memory` (persistent memory, constructs.md §5.2).
 */
export const attention: OpDef<"attention"> = {
  kind: "attention",
  arity: (a) => (a.packed === true ? 1 : 3),
  dtype: () => "float32",
  inferShape: (a, inputs) => {
    if (a.packed === true) return packedShape(a, inputs[0]);
    const [q, k, v] = inputs;
    if (q === undefined || k === undefined || v === undefined)
      return fail("attention needs q, k, v");
    const qw = a.heads * a.headDim;
    const kw = a.kvHeads * a.headDim;
    if (lastDim(q) !== qw) return fail(`attention expects q [..., ${qw}], gets ${showShape(q)}`);
    if (lastDim(k) !== kw) return fail(`attention expects k [..., ${kw}], gets ${showShape(k)}`);
    if (lastDim(v) !== kw) return fail(`attention expects v [..., ${kw}], gets ${showShape(v)}`);
    if (q.length !== 3 || k.length !== 3 || v.length !== 3)
      return fail("attention expects rank-3 q, k, v");
    if (!sameDim(q[0]!, k[0]!) || !sameDim(q[1]!, k[1]!) || !sameDim(k[1]!, v[1]!))
      return fail("attention: q, k, v disagree on [B, T]");
    return ok(q);
  },
  params: (a) =>
    (a.memory ?? 0) > 0
      ? ["keys", "values"].map((slot) => ({
          slot,
          shape: [a.memory!, a.kvHeads * a.headDim],
          init: NORMAL_INIT,
          decay: false,
        }))
      : [],
  verify: (n) => {
    const { heads, kvHeads, headDim, rope, alibi, alibiFrom, memory } = n.attrs;
    const errs: string[] = [];
    if (heads < 1 || kvHeads < 1 || headDim < 1)
      errs.push("heads, kvHeads and headDim must be positive");
    else if (heads % kvHeads !== 0) errs.push(`kvHeads ${kvHeads} must divide heads ${heads}`);
    if (rope !== undefined && (!(rope > 0) || headDim % 2 !== 0))
      errs.push(`rope needs a positive base (${rope}) and an even headDim (${headDim})`);
    if (rope !== undefined && alibi === true) errs.push("rope and alibi are exclusive");
    if (
      alibiFrom !== undefined &&
      (alibi !== true ||
        ![...alibiFrom, heads].every(
          (h, i, all) => Number.isInteger(h) && h >= 1 && (i === 0 || h > all[i - 1]!),
        ))
    )
      errs.push(
        `alibiFrom [${alibiFrom.join(", ")}] needs alibi and ascending head counts below ${heads}`,
      );
    if (memory !== undefined && !(Number.isInteger(memory) && memory >= 0))
      errs.push(`memory ${memory} must be a non-negative integer`);
    return errs;
  },
};

/** mergeQkv's packed form: qkv [B,T,(heads+2·kvHeads)·headDim] → [B,T,heads·headDim]. */
function packedShape(
  a: { heads: number; kvHeads: number; headDim: number },
  x: Shape | undefined,
): ShapeResult {
  const w = (a.heads + 2 * a.kvHeads) * a.headDim;
  if (x === undefined || x.length !== 3 || lastDim(x) !== w)
    return fail(`packed attention expects qkv [B,T,${w}], gets ${x ? showShape(x) : "nothing"}`);
  return ok([x[0]!, x[1]!, a.heads * a.headDim]);
}
