// The report's rows for a shared layer used at model level (issue 15 item 8: an embedding row held
// the shared block's parameters), and its line on how hash-routing tables are built (item 5).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { formatReport, programReport } from "../../compiler/report/index.ts";

const dir = mkdtempSync(join(tmpdir(), "archc-report-"));

function report(name: string, text: string) {
  const path = join(dir, `${name}.arch`);
  writeFileSync(path, text);
  const r = analyzeFile(path);
  if (r.program === undefined) throw new Error(r.diagnostics.map((d) => d.message).join("; "));
  return programReport(r.program);
}

const model = (body: string, train = "", vocab = 64): string => `import std.ffn.{MLP}
model S {
  input tokens: int[batch, 16]
  embed TokenEmbedding(${vocab}, 16)
${body}
  norm layernorm
  head tied
}
${train}`;

describe("a shared layer used at model level", () => {
  it("is a row of its own, not part of the embedding; a second use holds no parameters", () => {
    const r = report(
      "shared",
      model(
        "  share ffn = MLP(16, 32)\n  ffn\n  repeat 2 { residual(pre, layernorm) { ffn } }\n  ffn",
      ),
    );
    const mlp = 16 * 32 + 32 + 32 * 16 + 16; // MLP(16, 32): 1,072
    expect(r.rows.map((row) => [row.name, row.block, row.params])).toEqual([
      ["embed", "embedding", 64 * 16],
      ["ffn", "MLP, shared", mlp],
      ["blocks.0–1", "layer", 2 * 2 * 16], // the two pre-norms; the FFN weights are the shared ones
      ["ffn@2", "MLP, shared", 0],
      ["norm", "final norm", 32],
      ["head", "LM head", 0],
    ]);
  });
});

describe("hash routing in the report", () => {
  const hash = "  residual(pre, layernorm) { moe(experts: 4, router: hash) { MLP(16, 32) } }";
  const train = (data: string): string => `train S {\n  data ${data}\n  batch 2\n  steps 1\n}\n`;

  it("tables from the frequencies of a text corpus", () => {
    const r = report("hash-text", model(hash, train("text(sotu, tokenizer: bytes)"), 256));
    expect(r.hashRouting).toEqual({
      layers: 1,
      table: "frequency",
      basis: "the token counts of sotu's training split",
    });
    expect(formatReport(r)).toContain(
      "Hash routing (1 layer): tables balanced over token frequencies (greedy, seeded), from the token counts of sotu's training split",
    );
  });

  it("id-balanced where no data is known: a synthetic task or no train section", () => {
    expect(report("hash-copy", model(hash, train("copy(length: 3)"))).hashRouting).toMatchObject({
      table: "ids",
      basis: "the copy task has no fixed corpus",
    });
    const none = report("hash-none", model(hash));
    expect(none.hashRouting).toMatchObject({ table: "ids" });
    expect(formatReport(none)).toContain("balanced over token ids (seeded): no train section");
    expect(report("no-hash", model("")).hashRouting).toBeUndefined();
  });
});
