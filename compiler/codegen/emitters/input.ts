// Emitter `input`: the model's token ids are the forward function's parameter; no statement.
import type { Emitter } from "../emitter.ts";
import { ref } from "../expr.ts";
import { inputParamName } from "../names.ts";

export const input: Emitter<"input"> = (node) => ({
  expr: ref(inputParamName(node.attrs.name)),
  rank: 2,
});
