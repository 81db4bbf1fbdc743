// Op `activation`: an element-wise nonlinearity.
import { fail, ok, type OpDef } from "./op-def.ts";

/** `activation {fn}`: inputs [x] → same shape; `gelu` is exact (erf), `gelu_tanh` the tanh approximation. No params. */
export const activation: OpDef<"activation"> = {
  kind: "activation",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (_a, [x]) => (x === undefined ? fail("activation: missing input") : ok(x)),
  params: () => [],
};
