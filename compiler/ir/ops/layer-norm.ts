// Op `layerNorm`: LayerNorm over the last axis.
import { expectLast, ONES, ZEROS, type OpDef } from "./op-def.ts";

/**
 * `layerNorm {d, eps, bias}`: inputs [x [..., d]] → same shape, (x − μ)/√(σ² + eps)·scale (+ bias);
 * params `scale [d]` (ones), then `bias [d]` (zeros) when `bias`; neither is decayed.
 */
export const layerNorm: OpDef<"layerNorm"> = {
  kind: "layerNorm",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [x]) => expectLast(x, a.d, "layerNorm"),
  params: (a) => [
    { slot: "scale", shape: [a.d], init: ONES, decay: false },
    ...(a.bias ? [{ slot: "bias", shape: [a.d], init: ZEROS, decay: false }] : []),
  ],
  verify: (n) => (n.attrs.eps > 0 ? [] : ["eps must be positive"]),
};
