// Pass dispatchMoe (after chooseMoeStrategy): for a MoE layer with `strategy: dispatch`, gives each
// expert only its routed tokens. One moeDispatch node per expert (inputs: the MoE input x and the
// gates) goes in front of the expert's first node, every read of x inside expert i reads it
// instead, and the moeCombine gets `slots` (it scatters the slot outputs back, gate-weighted).
// Only for position-wise experts whose subgraphs are disjoint and read nothing but x; otherwise the
// layer is marked `strategy: dense` again (and runs dense).
import type { Graph, Node, NodeId, NodeOf, OpKind } from "../ir/types.ts";
import { readers } from "./graph-edit.ts";
import type { Pass } from "./pass.ts";

/** Kinds that act on each token's row alone, so [1, slots, d] works as [B, T, d]. */
const POSITION_WISE: ReadonlySet<OpKind> = new Set<OpKind>([
  "linear",
  "fusedLinear",
  "activation",
  "dropout",
  "add",
  "sub",
  "mul",
  "scale",
  "layerNorm",
  "rmsNorm",
  "growMask",
]);

interface Plan {
  readonly route: NodeOf<"moeRoute">;
  readonly combine: NodeOf<"moeCombine">;
  /** Per expert: its node ids (ascending). */
  readonly experts: readonly NodeId[][];
}

/** Nodes of the expert ending at `out` (after x), or undefined when it cannot be dispatched. */
function expertOf(g: Graph, out: NodeId, x: NodeId, route: NodeId): NodeId[] | undefined {
  const seen = new Set<NodeId>();
  const stack = [out];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (id === x || seen.has(id)) continue;
    const n = g.nodes[id];
    if (n === undefined || id <= route || !POSITION_WISE.has(n.kind)) return undefined;
    seen.add(id);
    stack.push(...n.inputs);
  }
  return seen.size === 0 ? undefined : [...seen].sort((a, b) => a - b);
}

function plan(g: Graph, c: NodeOf<"moeCombine">, users: Map<NodeId, NodeId[]>): Plan | undefined {
  const route = g.nodes[c.inputs[0]!];
  if (route?.kind !== "moeRoute") return undefined;
  const x = route.inputs[0]!;
  const experts: NodeId[][] = [];
  const owner = new Map<NodeId, number>();
  for (const [i, out] of c.inputs.slice(1).entries()) {
    const ids = expertOf(g, out, x, route.id);
    if (ids === undefined) return undefined;
    for (const id of ids) {
      if (owner.has(id)) return undefined; // shared between experts
      owner.set(id, i);
    }
    experts.push(ids);
  }
  // nothing outside an expert reads its nodes (but the combine, its output)
  for (const [id, i] of owner)
    for (const u of users.get(id) ?? [])
      if (owner.get(u) !== i && !(u === c.id && c.inputs[i + 1] === id)) return undefined;
  return { route, combine: c, experts };
}

export function dispatchMoe(g: Graph): Graph {
  const users = readers(g);
  const plans: Plan[] = [];
  const undo = new Map<NodeId, Node>(); // dispatch layers that cannot: back to dense
  for (const c of g.nodes) {
    if (c.kind !== "moeCombine" || c.attrs.strategy !== "dispatch" || c.attrs.slots !== undefined)
      continue;
    const p = plan(g, c, users);
    if (p !== undefined) plans.push(p);
    else {
      undo.set(c.id, { ...c, attrs: { ...c.attrs, strategy: "dense" } });
      const r = g.nodes[c.inputs[0]!];
      if (r?.kind === "moeRoute")
        undo.set(r.id, { ...r, attrs: { ...r.attrs, strategy: "dense" } });
    }
  }
  if (plans.length === 0 && undo.size === 0) return g;
  // before each expert's first node: its dispatch node (placeholder ids −1, −2, …)
  const before = new Map<NodeId, Node>();
  const readsSlot = new Map<NodeId, { ph: NodeId; x: NodeId }>(); // expert node → its dispatch placeholder
  const combines = new Map<NodeId, Node>();
  let next = -1;
  for (const p of plans) {
    const x = p.route.inputs[0]!;
    const a = p.route.attrs;
    p.experts.forEach((ids, i) => {
      const ph = next--;
      const first = g.nodes[ids[0]!]!;
      const node: NodeOf<"moeDispatch"> = {
        id: ph,
        kind: "moeDispatch",
        inputs: [x, p.route.id],
        attrs: {
          expert: i,
          experts: a.experts,
          router: a.router,
          topK: a.topK,
          capacity: a.capacity,
          d: a.d,
        },
        shape: g.nodes[x]!.shape,
        dtype: "float32",
        params: [],
        name: "dispatch",
        origin: p.combine.origin,
      };
      before.set(first.id, node);
      for (const id of ids) if (g.nodes[id]!.inputs.includes(x)) readsSlot.set(id, { ph, x });
    });
    const c = p.combine;
    combines.set(c.id, {
      ...c,
      attrs: { ...c.attrs, slots: { router: a.router, topK: a.topK, capacity: a.capacity } },
    });
  }
  const newId = new Map<NodeId, NodeId>();
  const out: Node[] = [];
  const push = (n: Node, inputs: readonly NodeId[]): void => {
    newId.set(n.id, out.length);
    const params = n.params.map((q) =>
      q.tiedTo === undefined ? q : { ...q, tiedTo: newId.get(q.tiedTo)! },
    );
    out.push({ ...n, id: out.length, inputs: inputs.map((i) => newId.get(i)!), params } as Node);
  };
  for (const n0 of g.nodes) {
    const n = combines.get(n0.id) ?? undo.get(n0.id) ?? n0;
    const d = before.get(n.id);
    if (d !== undefined) push(d, d.inputs);
    const r = readsSlot.get(n.id);
    push(n, r === undefined ? n.inputs : n.inputs.map((i) => (i === r.x ? r.ph : i)));
  }
  return {
    ...g,
    nodes: out,
    inputs: g.inputs.map((i) => newId.get(i)!),
    outputs: g.outputs.map((i) => newId.get(i)!),
  };
}

export const dispatchMoePass: Pass = { name: "dispatchMoe", run: dispatchMoe };
