// The import graph of compiler/lower/ has no cycle: files lower in the layering reach the entry
// points above them (evalExpr, lowerBody, the statement table) through `ctx.lower`, never by
// importing them (docs/architecture.md "Adding a construct"). Only runtime imports count:
// tsconfig sets verbatimModuleSyntax, so `import type …` / `export type …` are erased and load
// nothing, while every other import (even `import { type X }`) stays in the emitted module.
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";

const LOWER = "compiler/lower";

/** The files of `dir` (same folder only) that `file` imports at run time. */
function runtimeImports(dir: string, file: string): string[] {
  const sf = ts.createSourceFile(
    file,
    readFileSync(join(dir, file), "utf8"),
    ts.ScriptTarget.Latest,
  );
  const out: string[] = [];
  for (const st of sf.statements) {
    const spec =
      (ts.isImportDeclaration(st) || ts.isExportDeclaration(st)) &&
      st.moduleSpecifier !== undefined &&
      ts.isStringLiteral(st.moduleSpecifier)
        ? st.moduleSpecifier.text
        : undefined;
    if (spec === undefined || !/^\.\/[^/]+\.ts$/.test(spec)) continue;
    const typeOnly = ts.isImportDeclaration(st)
      ? st.importClause?.isTypeOnly === true
      : (st as ts.ExportDeclaration).isTypeOnly;
    if (!typeOnly) out.push(spec.slice(2));
  }
  return out;
}

function importGraph(dir: string): Map<string, string[]> {
  const files = readdirSync(dir).filter((f) => f.endsWith(".ts"));
  return new Map(files.map((f) => [f, runtimeImports(dir, f)]));
}

/** One import cycle (`a.ts → b.ts → a.ts`), or undefined when the graph has none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | undefined {
  const done = new Set<string>();
  const path: string[] = [];
  const visit = (f: string): string[] | undefined => {
    const at = path.indexOf(f);
    if (at >= 0) return [...path.slice(at), f];
    if (done.has(f) || !graph.has(f)) return undefined;
    path.push(f);
    for (const g of graph.get(f) ?? []) {
      const c = visit(g);
      if (c !== undefined) return c;
    }
    path.pop();
    done.add(f);
    return undefined;
  };
  for (const f of graph.keys()) {
    const c = visit(f);
    if (c !== undefined) return c;
  }
  return undefined;
}

describe("compiler/lower import graph", () => {
  it("the cycle finder finds a planted cycle and passes a layered graph", () => {
    const layered = new Map([
      ["a.ts", ["b.ts", "c.ts"]],
      ["b.ts", ["c.ts"]],
      ["c.ts", []],
    ]);
    expect(findCycle(layered)).toBeUndefined();
    expect(findCycle(new Map([...layered, ["c.ts", ["a.ts"]]]))).toEqual([
      "a.ts",
      "b.ts",
      "c.ts",
      "a.ts",
    ]);
  });

  it("reads runtime imports and skips type-only ones", () => {
    const graph = importGraph(LOWER);
    expect(graph.get("stmt-table.ts")).toContain("residual.ts");
    expect(graph.get("residual.ts")).not.toContain("construct.ts"); // `import type` only
  });

  it("has no cycle", () => {
    expect(findCycle(importGraph(LOWER))).toBeUndefined();
  });

  it("the dispatcher and the table are imported only by the drivers that assemble ctx.lower", () => {
    const importers = (target: string): string[] =>
      [...importGraph(LOWER)].filter(([, deps]) => deps.includes(target)).map(([f]) => f);
    expect(importers("body.ts").sort()).toEqual(["model.ts", "stmt-table.ts"]);
    expect(importers("stmt-table.ts")).toEqual(["lower.ts"]);
  });
});
