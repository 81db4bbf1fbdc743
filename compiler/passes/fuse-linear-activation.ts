// Pass fuseLinearActivation: a linear read only by an activation a fused linear takes
// (spec/activations.ts FUSED_ACTIVATIONS: relu, sigmoid, gelu, gelu_tanh, silu) becomes one
// fusedLinear with that activation. relu and sigmoid run inside tf.fused.matMul; the GELUs and silu
// after the product (on native one pass adding the bias and applying them, runtime/ops/fused.ts).
// tanh stays separate. A gate (silu(W1 x) * W3 x) keeps its meaning: only the gate's linear fuses.
import { fusedActivationOf } from "../../spec/activations.ts";
import type { Graph, NodeId, NodeOf } from "../ir/types.ts";
import { readers, rebuild, soleReader, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function fuseLinearActivation(g: Graph): Graph {
  const users = readers(g);
  const replace = new Map<NodeId, Replacement>();
  for (const act of g.nodes) {
    if (act.kind !== "activation") continue;
    const fn = fusedActivationOf(act.attrs.fn);
    const lin = g.nodes[act.inputs[0]!];
    if (fn === null || lin?.kind !== "linear" || soleReader(users, lin.id) !== act.id) continue;
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
