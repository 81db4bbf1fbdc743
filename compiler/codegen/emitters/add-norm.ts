// Emitters `addNorm` and `addNormed` (fuseAddNorm): one call for the residual add and the norm
// over its sum, `const [sum, normed] = addLayerNorm(a, b, scale, bias | null, eps)` or
// `addRmsNorm(a, b, scale, eps)` (runtime/ops/add-norm.ts); the body binds the addNormed reader
// to the second name (Emitted.pair), so its own emitter is never called.
import { operand, type Emitter } from "../emitter.ts";
import { call, nul, num } from "../expr.ts";

export const addNorm: Emitter<"addNorm"> = (node, inputs, cx) => {
  const [a, b] = [operand(inputs, 0, node), operand(inputs, 1, node)];
  const scale = cx.param(node, "scale");
  const eps = num(node.attrs.eps);
  const expr =
    node.attrs.norm === "layerNorm"
      ? call(
          "addLayerNorm",
          a.expr,
          b.expr,
          scale,
          node.attrs.bias ? cx.param(node, "bias") : nul,
          eps,
        )
      : call("addRmsNorm", a.expr, b.expr, scale, eps);
  return { expr, rank: a.rank, pair: "addNormed" };
};

export const addNormed: Emitter<"addNormed"> = (node) => {
  throw new Error(
    `ICE: codegen: addNormed %${node.id} is bound by its addNorm %${node.inputs[0] ?? "?"}, not emitted alone`,
  );
};
