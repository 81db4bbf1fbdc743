// Pass fuseAddNorm: an add of two equal-shape [..., d] tensors whose sum a LayerNorm or RMSNorm (no
// growth mask) reads becomes one addNorm (the sum, with the norm's attributes and parameters) and
// an addNormed reader in the norm's place (the normed sum): codegen writes one call,
// `const [residual2, lnIn2] = addLayerNorm(residual, mlpOut, w("…scale"), w("…bias"), eps)`, which
// the native backend runs as one kernel each way (runtime/ops/add-norm.ts). Nodes are replaced one
// for one, so ids, the structure and the parameter order are unchanged. Not fused: a broadcasting
// add (of positions, [T, d] at run time), a masked (MSG growth) norm, an add and a norm in
// different generated functions (a block's last add and the next block's or the model's final
// norm: the call would have to return both across the function boundary), and a pair with a
// parameterised node between them (its parameters would change order). unfuseAddNorm is the
// inverse, for readers of the model as written (describe, the report).
import { regionChain, regionPlan, type RegionPlan } from "../codegen/scopes.ts";
import { sameShape } from "../ir/ops/op-def.ts";
import type { Graph, Node, NodeId, NodeOf, OpKind } from "../ir/types.ts";
import { readers, rebuild, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

/** Kinds whose run-time value is smaller than their IR shape and broadcasts in an add: learned or
 * sinusoidal positions are [T, d] (runtime/ops/embedding.ts), [B, T, d] in the IR. */
const BROADCAST: ReadonlySet<OpKind> = new Set<OpKind>(["positions"]);

type Norm = NodeOf<"layerNorm"> | NodeOf<"rmsNorm">;

/** The innermost generated function (region scope) a node is written in; -1 for `forward`. */
function regionOf(plan: RegionPlan, n: Node): number {
  const chain = regionChain(plan, n.origin.scope, -1);
  return chain[chain.length - 1] ?? -1;
}

/** The add a norm can be fused with, if any (see the header). */
function fusableAdd(g: Graph, norm: Norm, plan: RegionPlan): NodeOf<"add"> | undefined {
  if (norm.attrs.grow !== undefined && norm.attrs.grow.length > 0) return undefined; // masked (MSG)
  const add = g.nodes[norm.inputs[0]!];
  if (add?.kind !== "add") return undefined;
  const [a, b] = add.inputs.map((i) => g.nodes[i]!);
  if (a === undefined || b === undefined || !sameShape(a.shape, b.shape)) return undefined;
  if (BROADCAST.has(a.kind) || BROADCAST.has(b.kind)) return undefined;
  if (regionOf(plan, add) !== regionOf(plan, norm)) return undefined;
  for (let i = add.id + 1; i < norm.id; i++) if (g.nodes[i]!.params.length > 0) return undefined;
  return add;
}

export function fuseAddNorm(g: Graph): Graph {
  const users = readers(g);
  const plan = regionPlan(g);
  const replace = new Map<NodeId, Replacement>();
  for (const norm of g.nodes) {
    if (norm.kind !== "layerNorm" && norm.kind !== "rmsNorm") continue;
    if ((users.get(norm.id) ?? []).length === 0) continue;
    const add = fusableAdd(g, norm, plan);
    if (add === undefined || replace.has(add.id)) continue; // one norm per add
    const bias = norm.kind === "layerNorm" && norm.attrs.bias;
    const { d, eps } = norm.attrs;
    const fused: NodeOf<"addNorm"> = {
      ...add,
      kind: "addNorm",
      attrs: { norm: norm.kind, d, eps, bias },
      params: norm.params,
    };
    const normed: NodeOf<"addNormed"> = { ...norm, kind: "addNormed", attrs: {}, params: [] };
    replace.set(add.id, { nodes: [fused] });
    replace.set(norm.id, { nodes: [normed] });
  }
  return rebuild(g, replace);
}

/** The graph with every addNorm back as its add and norm (same ids): the model as written. */
export function unfuseAddNorm(g: Graph): Graph {
  const replace = new Map<NodeId, Replacement>();
  for (const n of g.nodes) {
    if (n.kind !== "addNormed") continue;
    const fused = g.nodes[n.inputs[0]!];
    if (fused?.kind !== "addNorm") continue;
    const { norm, d, eps, bias } = fused.attrs;
    const add: NodeOf<"add"> = { ...fused, kind: "add", attrs: {}, params: [] };
    const base = { ...n, params: fused.params };
    const restored: Norm =
      norm === "layerNorm"
        ? { ...base, kind: "layerNorm", attrs: { d, eps, bias } }
        : { ...base, kind: "rmsNorm", attrs: { d, eps } };
    replace.set(fused.id, { nodes: [add] });
    replace.set(n.id, { nodes: [restored] });
  }
  return rebuild(g, replace);
}

export const fuseAddNormPass: Pass = {
  name: "fuseAddNorm",
  run: (g) => fuseAddNorm(g),
};
