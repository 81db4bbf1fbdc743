// Pass fuseLinearActivation: a linear read only by a relu or sigmoid becomes one fusedLinear with
// that activation (tf.fused.matMul applies bias and activation in the matmul kernel). GELU, SiLU
// and tanh stay separate: tf.fused.matMul cannot apply them.
import type { FusedActivation, Graph, NodeId, NodeOf } from "../ir/types.ts";
import { readers, rebuild, soleReader, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

const FUSABLE: Partial<Record<string, FusedActivation>> = { relu: "relu", sigmoid: "sigmoid" };

export function fuseLinearActivation(g: Graph): Graph {
  const users = readers(g);
  const replace = new Map<NodeId, Replacement>();
  for (const act of g.nodes) {
    if (act.kind !== "activation") continue;
    const fn = FUSABLE[act.attrs.fn];
    const lin = g.nodes[act.inputs[0]!];
    if (fn === undefined || lin?.kind !== "linear" || soleReader(users, lin.id) !== act.id)
      continue;
    const { in: inDim, out, bias } = lin.attrs;
    const fused: NodeOf<"fusedLinear"> = {
      ...lin,
      kind: "fusedLinear",
      attrs: { in: inDim, outs: [out], bias, activation: fn, scales: [1] },
      name: act.name,
    };
    replace.set(lin.id, { nodes: [fused] });
    replace.set(act.id, { alias: lin.id });
  }
  return rebuild(g, replace);
}

export const fuseLinearActivationPass: Pass = {
  name: "fuseLinearActivation",
  run: (g) => fuseLinearActivation(g),
};
