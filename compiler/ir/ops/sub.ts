// Op `sub`: element-wise a − b.
import { equalShapes } from "./elementwise.ts";
import type { OpDef } from "./op-def.ts";

/** `sub {}`: inputs [a, b] with equal shapes → a − b, same shape. No params. */
export const sub: OpDef<"sub"> = {
  kind: "sub",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, inputs) => equalShapes("sub", inputs),
  params: () => [],
};
