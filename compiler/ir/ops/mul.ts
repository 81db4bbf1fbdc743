// Op `mul`: element-wise a ⊙ b.
import { equalShapes } from "./elementwise.ts";
import type { OpDef } from "./op-def.ts";

/** `mul {}`: inputs [a, b] with equal shapes → a ⊙ b, same shape. No params. */
export const mul: OpDef<"mul"> = {
  kind: "mul",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, inputs) => equalShapes("mul", inputs),
  params: () => [],
};
