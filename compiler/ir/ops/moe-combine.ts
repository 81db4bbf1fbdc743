// Op `moeCombine`: the gate-weighted sum of the expert outputs.
import { fail, lastDim, ok, sameShape, showShape, type OpDef } from "./op-def.ts";

/**
 * `moeCombine {experts}`: inputs [gates [B,T,E], e_0 … e_{E-1} [B,T,d]] → Σ_i gates[..., i] · e_i,
 * [B,T,d]. Every expert output has the same shape. No params.
 */
export const moeCombine: OpDef<"moeCombine"> = {
  kind: "moeCombine",
  arity: (a) => 1 + a.experts,
  dtype: () => "float32",
  inferShape: (a, [gates, ...experts]) => {
    if (gates === undefined || lastDim(gates) !== a.experts)
      return fail(`moeCombine expects gates [..., ${a.experts}]`);
    const first = experts[0];
    if (first === undefined) return fail("moeCombine needs at least one expert");
    for (const e of experts) {
      if (!sameShape(e, first))
        return fail(`moeCombine: expert outputs differ: ${showShape(first)} and ${showShape(e)}`);
    }
    return ok(first);
  },
  params: () => [],
};
