// Shared by the binary element-wise emitters: the runtime's `add(a, b)` (`sub`, `mul`), typed as a.
import { operand, sameAs, type Emitter } from "../emitter.ts";
import { call } from "../expr.ts";

/** An emitter for a two-input element-wise op, the runtime function of the same name. */
export function binary<K extends "add" | "sub" | "mul">(op: K): Emitter<K> {
  return (node, inputs) => {
    const a = operand(inputs, 0, node);
    return sameAs(call(op, a.expr, operand(inputs, 1, node).expr), a);
  };
}
