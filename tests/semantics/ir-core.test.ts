// The IR core on hand-built graphs: the builder mints ids and shapes, the verifier catches each
// broken invariant, the printer's line format, JSON versioning and tied-parameter counting.
import { describe, expect, it } from "vitest";
import { InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import { GraphBuilder } from "../../compiler/ir/build.ts";
import { fromJson, toJson } from "../../compiler/ir/json.ts";
import { graphParamCount, paramCount } from "../../compiler/ir/param-count.ts";
import { printNode } from "../../compiler/ir/print.ts";
import { verifyGraph } from "../../compiler/ir/verify.ts";
import type { Graph, Node } from "../../compiler/ir/types.ts";

const origin = { span: { file: "t.arch", start: 0, end: 1 } };

/** tokens → embedding(16, 8) → linear 8→8 (owner) → linear 8→8 (tied) → tiedHead. */
function tiny(): Graph {
  const b = new GraphBuilder();
  const t = b.add({
    kind: "input",
    inputs: [],
    attrs: { name: "tokens", context: 4 },
    name: "tokens",
    origin,
  });
  const e = b.add({
    kind: "embedding",
    inputs: [t],
    attrs: { vocab: 16, d: 8 },
    name: "emb",
    origin,
    paramPrefix: "emb",
  });
  const l1 = b.add({
    kind: "linear",
    inputs: [e],
    attrs: { in: 8, out: 8, bias: true },
    name: "lin",
    origin,
    paramPrefix: "lin",
    tie: true,
  });
  const l2 = b.add({
    kind: "linear",
    inputs: [l1],
    attrs: { in: 8, out: 8, bias: true },
    name: "lin",
    origin,
    paramPrefix: "lin",
    tie: true,
  });
  const h = b.add({
    kind: "tiedHead",
    inputs: [l2],
    attrs: { table: "emb.table", vocab: 16, d: 8 },
    name: "head",
    origin,
  });
  return b.finish({
    name: "T",
    source: "t.arch",
    inputs: [t],
    outputs: [h],
    meta: { vocab: 16, context: 4, width: 8 },
  });
}

const withNode = (g: Graph, id: number, f: (n: Node) => Node): Graph => ({
  ...g,
  nodes: g.nodes.map((n) => (n.id === id ? f(n) : n)),
});

describe("GraphBuilder and verifier", () => {
  it("builds a valid graph with shapes from the op rules and tied references", () => {
    const g = tiny();
    expect(verifyGraph(g)).toEqual([]);
    expect(g.nodes[2]?.shape).toEqual([{ sym: "B" }, { sym: "T" }, 8]);
    expect(g.nodes[3]?.params.map((p) => p.tiedTo)).toEqual([2, 2]);
    expect(paramCount(g.nodes[3]!)).toBe(0);
    expect(graphParamCount(g)).toBe(16 * 8 + 8 * 8 + 8);
  });

  it("throws an ICE for a duplicate parameter outside a shared layer, or a bad shape", () => {
    const b = new GraphBuilder();
    const t = b.add({
      kind: "input",
      inputs: [],
      attrs: { name: "tokens", context: 4 },
      name: "t",
      origin,
    });
    const e = b.add({
      kind: "embedding",
      inputs: [t],
      attrs: { vocab: 16, d: 8 },
      name: "e",
      origin,
      paramPrefix: "e",
    });
    expect(() =>
      b.add({
        kind: "embedding",
        inputs: [t],
        attrs: { vocab: 16, d: 8 },
        name: "e",
        origin,
        paramPrefix: "e",
      }),
    ).toThrow(InternalCompilerError);
    expect(() =>
      b.add({
        kind: "linear",
        inputs: [e],
        attrs: { in: 4, out: 8, bias: false },
        name: "l",
        origin,
        paramPrefix: "l",
      }),
    ).toThrow(/linear expects/);
  });

  it("reports each broken invariant", () => {
    const g = tiny();
    const bad = (h: Graph): string => verifyGraph(h).join("\n");
    expect(bad(withNode(g, 2, (n) => ({ ...n, inputs: [3] })))).toMatch(/not an earlier node/);
    expect(bad(withNode(g, 2, (n) => ({ ...n, shape: [{ sym: "B" }, { sym: "T" }, 9] })))).toMatch(
      /shape \[B,T,9\] but the rule gives \[B,T,8\]/,
    );
    expect(
      bad(
        withNode(g, 3, (n) => ({
          ...n,
          params: n.params.map((p) => ({
            name: p.name,
            shape: p.shape,
            init: p.init,
            decay: p.decay,
          })),
        })),
      ),
    ).toMatch(/already owned/);
    expect(
      bad(withNode(g, 3, (n) => ({ ...n, params: n.params.map((p) => ({ ...p, tiedTo: 1 })) }))),
    ).toMatch(/does not own it/);
    expect(
      bad(
        withNode(g, 4, (n) => ({ ...n, attrs: { table: "lin.kernel", vocab: 16, d: 8 } }) as Node),
      ),
    ).toMatch(/not owned by an embedding/);
    expect(bad(withNode(g, 2, (n) => ({ ...n, inputs: [] })))).toMatch(/0 inputs/);
    expect(bad(withNode(g, 2, (n) => ({ ...n, params: n.params.slice(0, 1) })))).toMatch(
      /1 params for 2 slots/,
    );
    expect(bad({ ...g, nodes: [g.nodes[1]!, ...g.nodes.slice(1)] })).toMatch(/id 1 at position 0/);
  });
});

describe("printer and JSON", () => {
  it("prints one node per line with attributes, inputs, shape, params and location", () => {
    expect(printNode(tiny().nodes[2]!)).toBe(
      "%2 = linear[in=8,out=8,bias] %1 : [B,T,8] params lin.kernel[8,8] bias[8]  @ t.arch@0",
    );
    expect(printNode(tiny().nodes[3]!)).toBe(
      "%3 = linear[in=8,out=8,bias] %2 : [B,T,8] params lin.kernel[8,8]=%2 bias[8]=%2  @ t.arch@0",
    );
  });

  it("round-trips and rejects other versions or broken graphs", () => {
    const g = tiny();
    expect(fromJson(toJson(g))).toEqual(g);
    expect(() => fromJson(toJson({ ...g, version: 1 as 2 }))).toThrow(/version 1/);
    expect(() => fromJson(toJson(withNode(g, 2, (n) => ({ ...n, inputs: [3] }))))).toThrow(
      InternalCompilerError,
    );
  });
});
