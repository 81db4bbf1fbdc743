// Op `add`: element-wise a + b.
import { equalShapes } from "./elementwise.ts";
import type { OpDef } from "./op-def.ts";

/** `add {}`: inputs [a, b] with equal shapes → a + b, same shape. No params. */
export const add: OpDef<"add"> = {
  kind: "add",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (_a, inputs) => equalShapes("add", inputs),
  params: () => [],
};
