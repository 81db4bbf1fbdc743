// compiler/ir/readers.ts: who reads each node (nodes in graph order, GRAPH_OUTPUT for an output),
// the one map shared by the passes (graph-edit.ts soleReader), codegen and the report's grouping.
import { describe, expect, it } from "vitest";
import { GRAPH_OUTPUT, readers } from "../../compiler/ir/readers.ts";
import { soleReader } from "../../compiler/passes/graph-edit.ts";
import { handGpt } from "../report/hand-ir.ts";

describe("readers", () => {
  const g = handGpt({ vocab: 64, d: 16, heads: 2, layers: 1, context: 8 });
  const users = readers(g);
  const byKind = (kind: string) => g.nodes.filter((n) => n.kind === kind);

  it("lists the nodes that read each node, in graph order", () => {
    const [tokens] = byKind("input");
    const readBy = users.get(tokens!.id)!.map((u) => g.nodes[u]!.kind);
    expect(readBy).toEqual(["embedding", "positions"]);
  });

  it("counts a graph output as read by GRAPH_OUTPUT, which is no sole reader", () => {
    const out = g.outputs[0]!;
    expect(users.get(out)).toEqual([GRAPH_OUTPUT]);
    expect(soleReader(users, out)).toBeUndefined();
  });

  it("leaves out nodes nobody reads", () => {
    const trimmed = { ...g, outputs: [] };
    expect(readers(trimmed).has(g.outputs[0]!)).toBe(false);
  });

  it("gives the sole reader of a node read once", () => {
    const [finalNorm] = byKind("layerNorm").slice(-1);
    expect(soleReader(users, finalNorm!.id)).toBe(g.outputs[0]);
  });
});
