// Helpers for the semantics tests: analyze an in-memory .arch text and get its graph or errors.
import { expect } from "vitest";
import { analyzeFile, type AnalyzeResult } from "../../compiler/analyze.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";

/** Analyzes `text` as if it were tests/semantics/virtual.arch (imports resolve from there). */
export function analyzeText(text: string): AnalyzeResult {
  return analyzeFile("tests/semantics/virtual.arch", { text });
}

/** The graph of `text`, failing the test with the formatted errors if there are any. */
export function graphOf(text: string): Graph {
  const r = analyzeText(text);
  const errors = r.diagnostics
    .filter((d) => d.severity === "error")
    .map((d) => formatDiagnostic(d, { sources: (p) => r.sources.get(p) }));
  expect(errors).toEqual([]);
  if (r.program === undefined) throw new Error("no program");
  return r.program.graph;
}

/** Error codes of `text`, in order. */
export function errorCodes(text: string): string[] {
  return analyzeText(text)
    .diagnostics.filter((d) => d.severity === "error")
    .map((d) => d.code);
}

/** A tiny GPT model text around `body` (width d = 32, 4 heads, vocab 64, context 16). */
export function tinyModel(body: string, preamble = ""): string {
  return `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}
const d = 32
const heads = 4
${preamble}
model Tiny {
  input tokens: int[batch, 16]
  embed TokenEmbedding(64, d) + LearnedPositions(16, d)
${body}
  norm layernorm
  head tied
}
`;
}

/** The node kinds and the (name, shape) of every param, for structural comparisons. */
export function structure(g: Graph): { kinds: string[]; params: string[] } {
  return {
    kinds: g.nodes.map((n) => n.kind),
    params: g.nodes.flatMap((n) =>
      n.params.map((p) => `${p.name}[${p.shape.join(",")}]${p.tiedTo === undefined ? "" : "tied"}`),
    ),
  };
}
