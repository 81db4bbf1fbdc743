// Op `input`: the model's token ids.
import { ok, type OpDef } from "./op-def.ts";

/**
 * `input {name, context}`: no inputs; output token ids `[B, T]` int32 with T ≤ context.
 * Exactly one per graph, listed in `graph.inputs`.
 */
export const input: OpDef<"input"> = {
  kind: "input",
  arity: () => 0,
  dtype: () => "int32",
  inferShape: () => ok([{ sym: "B" }, { sym: "T" }]),
  params: () => [],
  verify: (n) => (n.attrs.context > 0 ? [] : [`context must be positive, got ${n.attrs.context}`]),
};
