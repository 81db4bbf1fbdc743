// Emitter `attention`: `attend(q, k, v, {heads, kvHeads, causal, rope, alibi, alibiFrom, memory}, ctx)`,
// multi-head (GQA/MQA) attention; ctx carries the KV cache while decoding.
import { operand, type Emitter } from "../emitter.ts";
import { array, bool, call, num, object } from "../expr.ts";

export const attention: Emitter<"attention"> = (node, inputs, cx) => {
  const { heads, kvHeads, causal } = node.attrs;
  const options = object([
    ["heads", num(heads)],
    ...(kvHeads === heads ? [] : [["kvHeads", num(kvHeads)] as const]),
    ["causal", bool(causal)],
    ...(node.attrs.prescaled === true ? [["prescaled", bool(true)] as const] : []),
    ...(node.attrs.fused === true ? [["fused", bool(true)] as const] : []),
    ...(node.attrs.rope !== undefined ? [["rope", num(node.attrs.rope)] as const] : []),
    ...(node.attrs.alibi === true ? [["alibi", bool(true)] as const] : []),
    ...(node.attrs.alibiFrom !== undefined
      ? [["alibiFrom", array(node.attrs.alibiFrom.map(num))] as const]
      : []),
    ...((node.attrs.memory ?? 0) > 0
      ? [
          [
            "memory",
            object([
              ["keys", cx.param(node, "keys")],
              ["values", cx.param(node, "values")],
            ]),
          ] as const,
        ]
      : []),
  ]);
  // mergeQkv's packed form: one qkv input
  if (node.attrs.packed === true)
    return {
      expr: call("attendPacked", operand(inputs, 0, node).expr, options, cx.ctx()),
      rank: 3,
    };
  const [q, k, v] = [operand(inputs, 0, node), operand(inputs, 1, node), operand(inputs, 2, node)];
  return { expr: call("attend", q.expr, k.expr, v.expr, options, cx.ctx()), rank: 3 };
};
