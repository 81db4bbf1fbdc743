// Op `moaMix`: BAM's soft mixture-of-attention weights (constructs.md §7.5, spec/moa.ts).
import { MOA_LAYOUTS } from "../../../spec/moa.ts";
import { fail, lastDim, ok, showShape, NORMAL_INIT, type OpDef } from "./op-def.ts";

/**
 * `moaMix {d, experts, heads, headDim, layout}`: inputs [x [..., d], a [..., E·H·dh]] → a with
 * expert i's heads scaled by p_i = softmax(x·W_r)_i, same shape as a. Param `router [d, E]` (the
 * small normal init of the MoE router), with weight decay.
 */
export const moaMix: OpDef<"moaMix"> = {
  kind: "moaMix",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (at, [x, a]) => {
    const width = at.experts * at.heads * at.headDim;
    if (x === undefined || lastDim(x) !== at.d)
      return fail(`moaMix expects x [..., ${at.d}], gets ${x ? showShape(x) : "nothing"}`);
    if (a === undefined || lastDim(a) !== width)
      return fail(`moaMix expects a [..., ${width}], gets ${a ? showShape(a) : "nothing"}`);
    return ok(a);
  },
  params: (at) => [{ slot: "router", shape: [at.d, at.experts], init: NORMAL_INIT, decay: true }],
  verify: (n) => {
    const a = n.attrs;
    const errs: string[] = [];
    if (a.experts < 1) errs.push("experts must be ≥ 1");
    if (a.heads < 1 || a.headDim < 1) errs.push("heads and headDim must be ≥ 1");
    if (!(MOA_LAYOUTS as readonly string[]).includes(a.layout)) errs.push(`bad layout ${a.layout}`);
    return errs;
  },
};
