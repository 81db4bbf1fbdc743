// Op `scale`: multiplication by a compile-time constant.
import { fail, ok, type OpDef } from "./op-def.ts";

/**
 * `scale {factor}`: inputs [x] → x · factor, same shape. Used for LayerNorm Scaling (1/√ℓ on the
 * input norm's output), DeepNorm's α·x and `scale(x, s)`. No params.
 */
export const scale: OpDef<"scale"> = {
  kind: "scale",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (_a, [x]) => (x === undefined ? fail("scale: missing input") : ok(x)),
  params: () => [],
  verify: (n) => (Number.isFinite(n.attrs.factor) ? [] : ["factor must be finite"]),
};
