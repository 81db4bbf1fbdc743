// Emitter `activation`: the runtime function of the activation (spec/activations.ts: `gelu(x)`,
// `geluTanh(x)`); identity emits nothing.
import { ACTIVATION_FUNCTIONS } from "../../../spec/activations.ts";
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call } from "../expr.ts";

export const activation: Emitter<"activation"> = (node, inputs) => {
  const x = operand(inputs, 0, node);
  return node.attrs.fn === "identity"
    ? x
    : sameAs(call(ACTIVATION_FUNCTIONS[node.attrs.fn], x.expr), x);
};
