// Pass mergeQkv: the three linears feeding an attention's q, k and v from one input become one
// `fusedLinear` (one matmul of width (heads + 2·kvHeads)·dh) and the attention reads the packed
// result. Parameter layout: the three kernels (and biases) STAY separate IR parameters with their
// names; the generated code concatenates them per call. Why: checkpoints, safetensors exports,
// `share`/tied names, the report and the param list remain exactly the IR's, so optimized and
// unoptimized programs load each other's weights; the per-call concat of a [d, 3d] kernel is small
// next to the [B·T, d]·[d, 3d] product (and its gradient is three slices).
import type { Graph, Node, NodeId, NodeOf } from "../ir/types.ts";
import { readers, rebuild, soleReader, type Replacement } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

export function mergeQkv(g: Graph): Graph {
  const users = readers(g);
  const replace = new Map<NodeId, Replacement>();
  for (const a of g.nodes) {
    if (a.kind !== "attention" || a.attrs.packed === true) continue;
    const lin = a.inputs.map((i) => g.nodes[i]);
    const [q, k, v] = lin;
    if (!isLinear(q) || !isLinear(k) || !isLinear(v)) continue;
    if (new Set([q.id, k.id, v.id]).size !== 3) continue;
    if (![q, k, v].every((l) => soleReader(users, l.id) === a.id && l.inputs[0] === q.inputs[0]))
      continue;
    if (k.attrs.bias !== q.attrs.bias || v.attrs.bias !== q.attrs.bias) continue;
    if (replace.has(q.id) || replace.has(k.id) || replace.has(v.id)) continue;
    const fused: NodeOf<"fusedLinear"> = {
      id: q.id,
      kind: "fusedLinear",
      inputs: q.inputs,
      attrs: {
        in: q.attrs.in,
        outs: [q.attrs.out, k.attrs.out, v.attrs.out],
        bias: q.attrs.bias,
        activation: "linear",
        scales: [1, 1, 1],
      },
      shape: [...q.shape.slice(0, -1), q.attrs.out + k.attrs.out + v.attrs.out],
      dtype: "float32",
      params: [...q.params, ...k.params, ...v.params],
      name: "qkv",
      origin: q.origin,
    };
    // q's slot: the fused node; k and v: gone; the attention reads the fused node (q's old id)
    const ordered = [q, k, v].sort((x, y) => x.id - y.id);
    replace.set(ordered[0]!.id, { nodes: [fused] });
    replace.set(ordered[1]!.id, { alias: ordered[0]!.id });
    replace.set(ordered[2]!.id, { alias: ordered[0]!.id });
    replace.set(a.id, {
      nodes: [{ ...a, inputs: [ordered[0]!.id], attrs: { ...a.attrs, packed: true } }],
    });
  }
  return rebuild(g, replace);
}

function isLinear(n: Node | undefined): n is NodeOf<"linear"> {
  return n?.kind === "linear";
}

export const mergeQkvPass: Pass = { name: "mergeQkv", run: (g) => mergeQkv(g) };
