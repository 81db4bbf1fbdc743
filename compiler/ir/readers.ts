// Who reads each node of a graph: the nodes that take it as an input, and the graph's outputs. One
// map for the passes (graph-edit.ts), codegen and the report (groups.ts, moe.ts).
import type { Graph, NodeId } from "./types.ts";

/** The reader that stands for the graph's outputs. */
export const GRAPH_OUTPUT = -1;

/** Who reads each node, in graph order (each output a node is counts as a reader GRAPH_OUTPUT); nodes nobody reads are absent. */
export function readers(g: Graph): Map<NodeId, NodeId[]> {
  const users = new Map<NodeId, NodeId[]>();
  const add = (id: NodeId, reader: NodeId): void => {
    const list = users.get(id);
    if (list === undefined) users.set(id, [reader]);
    else list.push(reader);
  };
  for (const n of g.nodes) for (const i of n.inputs) add(i, n.id);
  for (const o of g.outputs) add(o, GRAPH_OUTPUT);
  return users;
}
