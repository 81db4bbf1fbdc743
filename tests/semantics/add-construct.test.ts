// Adding a construct touches one lowering file plus its table entry (docs/architecture.md "Adding
// a construct"): the test-only `stack(times: n) { F }` of ./stack-construct.ts is registered from
// here, `{ ...STATEMENTS, stack: construct(STACK, lowerStack) }`, and lowered through the real
// lowering (lowerModel, the verifier); the graph and the structure scopes it records are checked.
// The parser has fixed statement keywords, so the test parses `residual(times: 3) { … }` (the same
// AST shape: arguments and a body) and re-kinds that statement as `stack` before lowering.
import { describe, expect, it } from "vitest";
import { DiagnosticBag, InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import type { ModelDecl, Stmt } from "../../grammar/ast.ts";
import { construct } from "../../compiler/lower/construct.ts";
import { Reporter } from "../../compiler/lower/diags.ts";
import type { StmtTable } from "../../compiler/lower/frame.ts";
import { makeCtx } from "../../compiler/lower/lower.ts";
import { lowerModel } from "../../compiler/lower/model.ts";
import { ModuleLoader } from "../../compiler/lower/resolve.ts";
import { lowering, STATEMENTS } from "../../compiler/lower/stmt-table.ts";
import { scopeChain } from "../../compiler/ir/structure.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { assertValidGraph } from "../../compiler/ir/verify.ts";
import { tinyModel } from "./helpers.ts";
import { lowerStack, STACK } from "./stack-construct.ts";

const WITH_STACK = { ...STATEMENTS, stack: construct(STACK, lowerStack) };

/** Lowers the tiny model around `body`, with every `residual` statement re-kinded as `stack`. */
function lowerWithStack(
  body: string,
  table: StmtTable = WITH_STACK,
): { graph: Graph | undefined; codes: string[] } {
  const bag = new DiagnosticBag();
  const reporter = new Reporter(bag);
  const loader = new ModuleLoader(reporter);
  const m = loader.loadText("tests/semantics/virtual.arch", tinyModel(body));
  const model = m.ast.decls.find((d): d is ModelDecl => d.kind === "model");
  if (model === undefined) throw new Error("no model");
  const restack = (s: Stmt): Stmt =>
    s.kind === "residual" ? ({ ...s, kind: "stack" } as unknown as Stmt) : s;
  const decl: ModelDecl = { ...model, body: model.body.map(restack) };
  const graph = lowerModel(decl, m, makeCtx(reporter, loader.sources, lowering(table)));
  return { graph, codes: bag.all.map((d) => d.code) };
}

describe("a construct registered from a test", () => {
  it("lowers through the real lowering: its nodes, parameter names and structure scopes", () => {
    const { graph, codes } = lowerWithStack("  residual(times: 3) { MLP(d, 4 * d) }");
    expect(codes).toEqual([]);
    if (graph === undefined) throw new Error("no graph");
    assertValidGraph(graph);
    const linears = graph.nodes.filter((n) => n.kind === "linear");
    expect(linears.map((n) => n.params[0]?.name)).toEqual(
      [0, 1, 2].flatMap((k) => [`stack.${k}.linear_0.kernel`, `stack.${k}.linear_1.kernel`]),
    );
    // each copy reads the previous copy's output (a chain, not three branches on one input)
    expect(linears[2]!.inputs).toEqual([linears[1]!.id]);
    expect(linears[4]!.inputs).toEqual([linears[3]!.id]);
    expect(graph.nodes.filter((n) => n.kind === "add")).toHaveLength(1); // the embedding sum only
    const repeat = graph.structure.find((s) => s.kind === "repeat");
    expect(repeat).toMatchObject({ parent: 0, count: 3 });
    const iterations = graph.structure.filter((s) => s.kind === "iteration");
    expect(iterations.map((s) => [s.parent, "instance" in s ? s.instance : ""])).toEqual(
      [0, 1, 2].map((k) => [repeat?.id, `stack.${k}`]),
    );
    const chain = scopeChain(graph.structure, linears[5]!.origin.scope).map((s) => s.kind);
    expect(chain).toEqual(["model", "repeat", "iteration", "block"]);
  });

  it("its table entry's builtin parameters are bound and checked (default, type)", () => {
    const dflt = lowerWithStack("  residual() { MLP(d, 4 * d) }");
    expect(dflt.codes).toEqual([]);
    expect(dflt.graph?.structure.find((s) => s.kind === "repeat")).toMatchObject({ count: 2 });
    const wrong = lowerWithStack("  residual(times: true) { MLP(d, 4 * d) }");
    expect(wrong.codes).toEqual(["ARCH3001"]);
  });

  it("without its table entry the statement has no lowerer (a compiler bug, not a diagnostic)", () => {
    expect(() => lowerWithStack("  residual(times: 3) { MLP(d, 4 * d) }", STATEMENTS)).toThrow(
      InternalCompilerError,
    );
  });
});
