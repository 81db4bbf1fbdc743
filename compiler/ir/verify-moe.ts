// Verifier rules of the MoE dispatch form (pass dispatchMoe): a moeDispatch reads a router's input
// and gates with the router's settings; a moeCombine with `slots` has, for each expert i, exactly one
// moeDispatch of index i, and expert i's subgraph reaches the MoE input only through it (its rows
// are slots, not tokens); a router's dispatch nodes are read by experts of a `slots` combine only.
import type { Graph, NodeId, NodeOf } from "./types.ts";

export function verifyMoe(g: Graph): string[] {
  const errs: string[] = [];
  const dispatchOf = new Map<NodeId, NodeOf<"moeDispatch">[]>(); // route → its dispatch nodes
  for (const n of g.nodes) {
    if (n.kind !== "moeDispatch") continue;
    const at = `%${n.id} moeDispatch`;
    const route = g.nodes[n.inputs[1] ?? -1];
    if (route?.kind !== "moeRoute") {
      errs.push(`${at}: gates input is not a moeRoute`);
      continue;
    }
    const a = route.attrs;
    const b = n.attrs;
    if (route.inputs[0] !== n.inputs[0])
      errs.push(`${at}: reads %${n.inputs[0]}, not the router's input`);
    if (
      a.experts !== b.experts ||
      a.router !== b.router ||
      a.topK !== b.topK ||
      a.capacity !== b.capacity
    )
      errs.push(`${at}: attributes differ from its router %${route.id}`);
    dispatchOf.set(route.id, [...(dispatchOf.get(route.id) ?? []), n]);
  }
  const checked = new Set<NodeId>();
  for (const c of g.nodes) {
    if (c.kind !== "moeCombine" || c.attrs.slots === undefined) continue;
    const at = `%${c.id} moeCombine`;
    const route = g.nodes[c.inputs[0] ?? -1];
    if (route?.kind !== "moeRoute") {
      errs.push(`${at}: slots without a moeRoute`);
      continue;
    }
    checked.add(route.id);
    const s = c.attrs.slots;
    if (
      s.router !== route.attrs.router ||
      s.topK !== route.attrs.topK ||
      s.capacity !== route.attrs.capacity
    )
      errs.push(`${at}: slots differ from its router %${route.id}`);
    const ds = dispatchOf.get(route.id) ?? [];
    const x = route.inputs[0]!;
    c.inputs.slice(1).forEach((out, i) => {
      const mine = ds.filter((d) => d.attrs.expert === i);
      if (mine.length !== 1) errs.push(`${at}: ${mine.length} moeDispatch nodes for expert ${i}`);
      const reach = reached(g, out, x);
      if (reach.has(x)) errs.push(`${at}: expert ${i} reads the MoE input %${x} directly`);
      if (mine[0] !== undefined && !reach.has(mine[0].id))
        errs.push(`${at}: expert ${i} does not read its moeDispatch`);
    });
  }
  for (const [route, ds] of dispatchOf)
    if (!checked.has(route))
      errs.push(`%${ds[0]!.id} moeDispatch: its router %${route} has no moeCombine with slots`);
  return errs;
}

/** Nodes reachable backwards from `out`, stopping at moeDispatch/moeRoute nodes and at `x`. */
function reached(g: Graph, out: NodeId, x: NodeId): Set<NodeId> {
  const seen = new Set<NodeId>();
  const stack = [out];
  while (stack.length > 0) {
    const id = stack.pop()!;
    if (seen.has(id)) continue;
    seen.add(id);
    const n = g.nodes[id];
    if (n === undefined || id === x || n.kind === "moeDispatch" || n.kind === "moeRoute") continue;
    stack.push(...n.inputs);
  }
  return seen;
}
