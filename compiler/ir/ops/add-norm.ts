// Ops `addNorm` and `addNormed` (made by the fuseAddNorm pass): a residual add and the LayerNorm or
// RMSNorm over its sum, computed by one runtime call (runtime/ops/add-norm.ts). The addNorm node is
// the sum; its addNormed reader stands for the normalised sum. Shape rules and parameter slots are
// the add's and the norm's own (add.ts, layer-norm.ts, rms-norm.ts).
import type { Graph, OpAttrs } from "../types.ts";
import { add } from "./add.ts";
import { layerNorm } from "./layer-norm.ts";
import { expectLast, type OpDef, type ParamSlot } from "./op-def.ts";
import { rmsNorm } from "./rms-norm.ts";

/** The parameter slots of the norm an addNorm applies: that norm op's own. */
function normSlots(a: OpAttrs["addNorm"]): readonly ParamSlot[] {
  return a.norm === "layerNorm"
    ? layerNorm.params({ d: a.d, eps: a.eps, bias: a.bias })
    : rmsNorm.params({ d: a.d, eps: a.eps });
}

/** `addNorm {norm, d, eps, bias}`: inputs [a, b] (equal shapes [..., d]) → a + b; params the norm's. */
export const addNorm: OpDef<"addNorm"> = {
  kind: "addNorm",
  arity: () => 2,
  dtype: () => "float32",
  inferShape: (a, inputs) => {
    const sum = add.inferShape({}, inputs);
    return sum.ok ? expectLast(sum.shape, a.d, `addNorm (${a.norm})`) : sum;
  },
  params: normSlots,
  verify: (n) => [
    ...(n.attrs.eps > 0 ? [] : ["eps must be positive"]),
    ...(n.attrs.norm === "rmsNorm" && n.attrs.bias ? ["an RMSNorm has no bias"] : []),
  ],
};

/** `addNormed {}`: inputs [an addNorm] → its normalised sum, same shape. No params. */
export const addNormed: OpDef<"addNormed"> = {
  kind: "addNormed",
  arity: () => 1,
  dtype: () => "float32",
  inferShape: (_a, [x]) =>
    x === undefined ? { ok: false, error: "addNormed: missing input" } : { ok: true, shape: x },
  params: () => [],
};

/** Graph-level rules: an addNormed reads an addNorm, and each addNorm has at most one. */
export function verifyAddNorms(g: Graph): string[] {
  const errs: string[] = [];
  const seen = new Set<number>();
  for (const n of g.nodes) {
    if (n.kind !== "addNormed") continue;
    const src = n.inputs[0] ?? -1;
    if (g.nodes[src]?.kind !== "addNorm")
      errs.push(`%${n.id} addNormed: %${src} is not an addNorm`);
    else if (seen.has(src)) errs.push(`%${n.id} addNormed: addNorm %${src} already has one`);
    seen.add(src);
  }
  return errs;
}
