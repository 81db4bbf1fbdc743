// Op `scalarMix`: BERMo's scalar mix of every layer's output (constructs.md §4.3).
import { fail, ok, sameShape, type OpDef } from "./op-def.ts";

/**
 * `scalarMix {layers}`: inputs [h_0 … h_L] (h_0 = the stream entering the repeat, h_j = the output
 * of layer j), equal shapes → z = γ · Σ_j softmax(s)_j · h_j, same shape. Params `weights [L+1]`
 * (the logits s, zeros at init, so the mix starts uniform as in ELMo) and `gamma [1]` (ones); both
 * without weight decay. One-hot softmax(s) on h_L with γ = 1 gives the plain model.
 */
export const scalarMix: OpDef<"scalarMix"> = {
  kind: "scalarMix",
  arity: (a) => a.layers + 1,
  dtype: () => "float32",
  inferShape: (_a, inputs) => {
    const first = inputs[0];
    if (first === undefined) return fail("scalarMix needs at least one input");
    return inputs.every((s) => sameShape(s, first))
      ? ok(first)
      : fail("scalarMix inputs must have equal shapes");
  },
  params: (a) => [
    { slot: "weights", shape: [a.layers + 1], init: { kind: "zeros" }, decay: false },
    { slot: "gamma", shape: [1], init: { kind: "ones" }, decay: false },
  ],
  verify: (n) => (n.attrs.layers < 1 ? ["scalarMix mixes at least one layer"] : []),
};
