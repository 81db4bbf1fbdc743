// IR baselines: the canonical text of every example's graph, and of every stdlib block lowered
// through a tiny wrapper model, must equal reference/ir/<path>.ir.txt (ACCEPT=1 rewrites).
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { printGraph } from "../../compiler/ir/print.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { parse } from "../../grammar/parse.ts";
import { expectGolden } from "./ir-golden.ts";

const examples = readdirSync("examples")
  .filter((f) => f.endsWith(".arch"))
  .sort();

function irText(path: string, text?: string): string {
  const r = analyzeFile(path, text === undefined ? {} : { text });
  const shown = r.diagnostics.map((d) => formatDiagnostic(d, { sources: (p) => r.sources.get(p) }));
  expect(shown.filter((_, i) => r.diagnostics[i]?.severity === "error")).toEqual([]);
  if (r.program === undefined) throw new Error(`${path}: no program`);
  return printGraph(r.program.graph, { sources: (p) => r.sources.get(p) });
}

describe("IR baselines: examples", () => {
  for (const f of examples) {
    it(f, () => expectGolden(`ir/examples/${f.replace(/\.arch$/, "")}.ir.txt`, irText(`examples/${f}`)));
  }
});

/** Test values for the required parameters of stdlib blocks (the wrapper's width is 32). */
const REQUIRED: Readonly<Record<string, string>> = { d: "32", heads: "4", hidden: "64", experts: "3" };

/** `model Wrap { … Block(required args) … }` around one stdlib block. */
export function wrapperFor(family: string, file: string): string {
  const text = readFileSync(`stdlib/${family}/${file}`, "utf8");
  const block = parse(text, file).module.decls.find((d) => d.kind === "block");
  if (block?.kind !== "block") throw new Error(`stdlib/${family}/${file} declares no block`);
  const args = block.params
    .filter((p) => p.default === undefined)
    .map((p) => {
      const v = REQUIRED[p.name.name];
      if (v === undefined) throw new Error(`no test value for the required parameter ${p.name.name} of ${block.name.name}`);
      return v;
    });
  return [
    `import std.${family}.{${block.name.name}}`,
    "model Wrap {",
    "  input tokens: int[batch, 16]",
    "  embed TokenEmbedding(64, 32)",
    `  ${block.name.name}(${args.join(", ")})`,
    "  head Linear(32, 64)",
    "}",
    "",
  ].join("\n");
}

const stdlib = readdirSync("stdlib", { withFileTypes: true })
  .filter((e) => e.isDirectory())
  .flatMap((e) => readdirSync(`stdlib/${e.name}`).filter((f) => f.endsWith(".arch")).map((f) => [e.name, f] as const))
  .sort();

describe("IR baselines: stdlib blocks", () => {
  for (const [family, file] of stdlib) {
    const stem = file.replace(/\.arch$/, "");
    it(`${family}/${file}`, () => {
      const text = irText(`tests/baselines/wrap-${family}-${stem}.arch`, wrapperFor(family, file));
      expectGolden(`ir/stdlib/${family}/${stem}.ir.txt`, text);
    });
  }
});
