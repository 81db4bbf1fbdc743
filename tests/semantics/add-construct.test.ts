// Adding a construct touches one lowering file plus its table entry (docs/architecture.md "Adding
// a construct"): the test-only `stack(times: n) { F }` of ./stack-construct.ts is registered from
// here, `{ ...STATEMENTS, stack: construct(STACK, lowerStack) }`, and lowered through the real
// lowering (lowerModel, the verifier); the graph and the structure scopes it records are checked.
// The parser has fixed statement keywords, so the test parses `residual(times: 3) { … }` (the same
// AST shape: arguments and a body) and re-kinds that statement as `stack` before lowering.
import { describe, expect, it } from "vitest";
import { DiagnosticBag, InternalCompilerError } from "../../grammar/core/diagnostic.ts";
import type { ModelDecl, Stmt } from "../../grammar/ast.ts";
import { checkBlockNames } from "../../compiler/lower/check-names.ts";
import { construct } from "../../compiler/lower/construct.ts";
import { Reporter } from "../../compiler/lower/diags.ts";
import type { StmtTable } from "../../compiler/lower/frame.ts";
import { makeCtx } from "../../compiler/lower/lower.ts";
import { lowerModel } from "../../compiler/lower/model.ts";
import { stmtBaseName } from "../../compiler/lower/naming.ts";
import { ModuleLoader, type ModuleInfo } from "../../compiler/lower/resolve.ts";
import { lowering, STATEMENTS } from "../../compiler/lower/stmt-table.ts";
import { scopeChain } from "../../compiler/ir/structure.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { assertValidGraph } from "../../compiler/ir/verify.ts";
import { tinyModel } from "./helpers.ts";
import { lowerStack, STACK } from "./stack-construct.ts";

const WITH_STACK = { ...STATEMENTS, stack: construct(STACK, lowerStack) };

/** The tiny model around `body` parsed, with every `residual` statement re-kinded as `stack`. */
function parseWithStack(body: string) {
  const bag = new DiagnosticBag();
  const reporter = new Reporter(bag);
  const loader = new ModuleLoader(reporter);
  const m = loader.loadText("tests/semantics/virtual.arch", tinyModel(body));
  const model = m.ast.decls.find((d): d is ModelDecl => d.kind === "model");
  if (model === undefined) throw new Error("no model");
  const restack = (s: Stmt): Stmt =>
    s.kind === "residual" ? ({ ...s, kind: "stack" } as unknown as Stmt) : s;
  const decl: ModelDecl = { ...model, body: model.body.map(restack) };
  const module: ModuleInfo = { ...m, ast: { ...m.ast, decls: [decl] } };
  const codes = (): string[] => bag.all.map((d) => d.code);
  return { module, decl, reporter, loader, codes };
}

/** Lowers the tiny model around `body`, with every `residual` statement re-kinded as `stack`. */
function lowerWithStack(
  body: string,
  table: StmtTable = WITH_STACK,
): { graph: Graph | undefined; codes: string[] } {
  const { module, decl, reporter, loader, codes } = parseWithStack(body);
  const graph = lowerModel(decl, module, makeCtx(reporter, loader.sources, lowering(table)));
  return { graph, codes: codes() };
}

/** The name check alone (it lowers nothing) of the tiny model around `body`, with `stack`. */
function checkNamesWithStack(body: string, table: StmtTable = WITH_STACK): string[] {
  const { module, reporter, codes } = parseWithStack(body);
  checkBlockNames(module, reporter, table);
  return codes();
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

  it("the name check reads its body from its table entry: an unknown name in it is reported", () => {
    // the check lowers nothing, so only the entry's shape can lead it into the body
    expect(checkNamesWithStack("  residual(times: 3) { MLP(d, 4 * d) }")).toEqual([]);
    expect(checkNamesWithStack("  residual(times: 3) { MLP(dd, 4 * d) }")).toEqual(["ARCH2001"]);
    expect(checkNamesWithStack("  residual(times: n) { MLP(d, 4 * d) }")).toEqual(["ARCH2001"]);
    expect(() => checkNamesWithStack("  residual() { MLP(d, 4 * d) }", STATEMENTS)).toThrow(
      InternalCompilerError,
    );
    // lowering reports the same name (the reporter keeps one of the two)
    expect(lowerWithStack("  residual(times: 2) { MLP(dd, 4 * d) }").codes).toEqual(["ARCH2001"]);
  });

  it("its base name as a body's lone statement comes from its table entry", () => {
    const stack = parseWithStack("  residual(times: 2) { MLP(d, 4 * d) }").decl.body.find(
      (s) => (s.kind as string) === "stack",
    );
    if (stack === undefined) throw new Error("no stack statement");
    expect(stmtBaseName([stack], WITH_STACK)).toBe("stack");
    const named = {
      ...WITH_STACK,
      stack: construct(STACK, lowerStack, { baseName: () => "tower" }),
    };
    expect(stmtBaseName([stack], named)).toBe("tower");
    expect(stmtBaseName([stack], STATEMENTS)).toBe("sublayer"); // no entry: the default
  });
});
