// Op `dropout`: inverted dropout while training, identity otherwise.
import { fail, ok, type OpDef } from "./op-def.ts";

/** `dropout {p}`: inputs [x] → same shape; 0 ≤ p < 1 (the train section's `dropout` overrides p). */
export const dropout: OpDef<"dropout"> = {
  kind: "dropout",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (_a, [x]) => (x === undefined ? fail("dropout: missing input") : ok(x)),
  params: () => [],
  verify: (n) => (n.attrs.p >= 0 && n.attrs.p < 1 ? [] : [`p must be in [0, 1), got ${n.attrs.p}`]),
};
