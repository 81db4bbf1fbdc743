// Train and grow sections lowered to plain data, with defaults, and a few of their checks.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { analyzeText, errorCodes } from "./helpers.ts";

const model = `import std.transformer.{PreLNBlock}
model G {
  input tokens: int[batch, 16]
  embed TokenEmbedding(256, 32) + LearnedPositions(16, 32)
  repeat 2 { PreLNBlock(32, 4) }
  norm layernorm
  head tied
}
`;

describe("train sections", () => {
  it("lowers every setting", () => {
    const r = analyzeText(`${model}
train G {
  data recall(pairs: 8)
  batch 8
  steps 200
  optimizer adamw(lr: 1e-3, eps: 1e-6, weight_decay: 0.0)
  schedule warmup_linear(warmup: 10)
  eval every 20 steps
  checkpoint every 0 steps
  seed 3
  dropout 0.1
}`);
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.train).toEqual({
      name: "G",
      data: { kind: "recall", pairs: 8 },
      batch: 8,
      steps: 200,
      optimizer: { kind: "adamw", lr: 1e-3, eps: 1e-6, weightDecay: 0 },
      schedule: { kind: "warmup_linear", warmup: 10, minLr: 0 },
      evalEvery: 20,
      checkpointEvery: 0,
      seed: 3,
      dropout: 0.1,
    });
  });

  it("takes a text file and fills batch and optimizer defaults", () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-data-"));
    writeFileSync(join(dir, "corpus.txt"), "some text");
    const r = analyzeFile(join(dir, "g.arch"), {
      text: `${model}\ntrain G {\n  data text("corpus.txt", validation: 0.1)\n  steps 10\n}`,
    });
    expect(r.program?.train).toEqual({
      name: "G",
      data: {
        kind: "text",
        source: { file: join(dir, "corpus.txt") },
        tokenizer: "bytes",
        validation: 0.1,
      },
      steps: 10,
      batch: 16,
      optimizer: { kind: "adamw", lr: 3e-4 },
    });
  });

  it("rejects bad values, unknown options and duplicate settings", () => {
    expect(
      errorCodes(`${model}\ntrain G {\n  data text(sotu)\n  steps 10\n  eval every 0 steps\n}`),
    ).toEqual(["ARCH3503"]);
    expect(errorCodes(`${model}\ntrain G {\n  data txt(sotu)\n  steps 10\n}`)).toEqual([
      "ARCH3504",
    ]);
    expect(errorCodes(`${model}\ntrain G {\n  data text(sotu)\n  steps 10\n  steps 20\n}`)).toEqual(
      ["ARCH3502"],
    );
    expect(
      errorCodes(`${model}\ntrain G {\n  data text(sotu)\n  steps 10\n  schedule cosine\n}`),
    ).toEqual(["ARCH3504"]);
    expect(errorCodes(`${model}\ntrain G {\n  data text(sotu)\n}`)).toEqual(["ARCH3505"]);
  });
});

describe("grow sections", () => {
  const grow = (events: string): string =>
    `${model}\ntrain G {\n  data text(sotu)\n  steps 1000\n}\ngrow G {\n${events}\n}`;

  it("lowers events in order, tracking each dimension", () => {
    const r = analyzeText(
      grow(`  at step 100: ffn 128 -> 256 masked over 50 steps
  at step 100: heads 4 -> 8
  at step 200: width 32 -> 64
  at step 300: depth 2 -> 4 by stacking
  at step 400: heads 8 -> 16`),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.grow?.events.map((e) => ({ ...e, span: undefined }))).toEqual([
      { step: 100, target: "ffn", from: 128, to: 256, maskedOver: 50 },
      { step: 100, target: "heads", from: 4, to: 8, maskedOver: 0 },
      { step: 200, target: "width", from: 32, to: 64, maskedOver: 0 },
      { step: 300, target: "depth", from: 2, to: 4, maskedOver: 0, method: "stacking" },
      { step: 400, target: "heads", from: 8, to: 16, maskedOver: 0 },
    ]);
  });

  it("checks each event against the model as grown so far", () => {
    expect(errorCodes(grow("  at step 100: width 32 -> 48\n  at step 200: heads 4 -> 8"))).toEqual(
      [],
    );
    // heads growth keeps the head size (8 here), so 48 / 5 is no obstacle (ARCH3514 is only for an
    // attention over the stream: tests/cases/semantic-errors/grow-head-size.arch)
    expect(errorCodes(grow("  at step 100: width 32 -> 48\n  at step 200: heads 4 -> 5"))).toEqual(
      [],
    );
    expect(
      errorCodes(grow("  at step 100: width 32 -> 48\n  at step 200: width 32 -> 64")),
    ).toEqual(["ARCH3515"]);
    expect(
      errorCodes(grow("  at step 100: ffn 128 -> 256\n  at step 200: ffn 128 -> 512")),
    ).toEqual(["ARCH3515"]);
    expect(errorCodes(grow("  at step 100: heads 4 -> 8 by stacking"))).toEqual(["ARCH3516"]);
    expect(errorCodes(grow("  at step 100: depth 2 -> 2"))).toEqual(["ARCH3513"]);
  });
});
