// Op `rmsNorm`: RMSNorm over the last axis (constructs.md §3.9).
import { expectLast, ONES, type OpDef } from "./op-def.ts";

/**
 * `rmsNorm {d, eps}`: inputs [x [..., d]] → same shape, x / √(mean(x²) + eps) · scale;
 * param `scale [d]` (ones, not decayed).
 */
export const rmsNorm: OpDef<"rmsNorm"> = {
  kind: "rmsNorm",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (a, [x]) => expectLast(x, a.d, "rmsNorm"),
  params: (a) => [{ slot: "scale", shape: [a.d], init: ONES, decay: false }],
  verify: (n) => (n.attrs.eps > 0 ? [] : ["eps must be positive"]),
};
