// The `data text(…)` setting: `tokenizer: gpt2` beside bytes, the static check that the model's
// vocabulary holds the tokenizer's ids (ARCH3507, a larger vocabulary allowed), and data paths:
// relative to the .arch file's folder, a missing or non-file path reported at the string (ARCH3508).
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { analyzeText } from "./helpers.ts";

const model = (vocab: number): string => `import std.transformer.{PreLNBlock}
model G {
  input tokens: int[batch, 16]
  embed TokenEmbedding(${vocab}, 32) + LearnedPositions(16, 32)
  repeat 1 { PreLNBlock(32, 4) }
  norm layernorm
  head tied
}
`;
const train = (data: string): string => `train G {\n  data ${data}\n  steps 10\n}\n`;
const errors = (text: string) =>
  analyzeText(text).diagnostics.filter((d) => d.severity === "error");

describe("tokenizers", () => {
  it("accepts tokenizer: gpt2 with a vocabulary of 50257 or more", () => {
    for (const vocab of [50257, 50304]) {
      const r = analyzeText(model(vocab) + train("text(sotu, tokenizer: gpt2)"));
      expect(r.diagnostics).toEqual([]);
      expect(r.program?.train?.data).toEqual({
        kind: "text",
        source: "sotu",
        tokenizer: "gpt2",
        validation: 0.05,
      });
    }
  });

  it("rejects a vocabulary below the tokenizer's, at the tokenizer, with both numbers", () => {
    const text = model(256) + train("text(sotu, tokenizer: gpt2)");
    const [e, ...rest] = errors(text);
    expect(rest).toEqual([]);
    expect(e?.code).toBe("ARCH3507");
    expect(e?.message).toBe(
      "the model's vocabulary of 256 is smaller than the gpt2 tokenizer's 50257 token ids",
    );
    expect(text.slice(e!.span.start, e!.span.end)).toBe("gpt2");
  });

  it("checks the bytes tokenizer too, at the call when the tokenizer is the default", () => {
    const text = model(64) + train("text(sotu)");
    const [e] = errors(text);
    expect(e?.code).toBe("ARCH3507");
    expect(e?.message).toContain("vocabulary of 64 is smaller than the bytes tokenizer's 256");
    expect(text.slice(e!.span.start, e!.span.end)).toBe("text(sotu)");
    expect(errors(model(64) + train("copy(length: 4)"))).toEqual([]);
  });

  it("names the tokenizers for an unknown one", () => {
    const text = model(256) + train("text(sotu, tokenizer: gpt3)");
    const [e, ...rest] = errors(text);
    expect(rest).toEqual([]);
    expect(e?.code).toBe("ARCH3504");
    expect(e?.message).toBe("unknown tokenizer `gpt3`");
    expect(e?.hint).toContain("gpt2");
    expect(text.slice(e!.span.start, e!.span.end)).toBe("gpt3");
  });
});

describe("data paths", () => {
  it("resolve against the .arch file's folder, not the working directory", () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-paths-"));
    mkdirSync(join(dir, "sub"));
    writeFileSync(join(dir, "sub", "book.txt"), "text");
    const r = analyzeFile(join(dir, "sub", "m.arch"), {
      text: model(256) + train('text("book.txt")'),
      cwd: dir,
    });
    expect(r.diagnostics).toEqual([]);
    expect(r.program?.train?.data).toMatchObject({
      source: { file: join(dir, "sub", "book.txt") },
    });
  });

  it("report a missing file or a folder at the string", () => {
    const dir = mkdtempSync(join(tmpdir(), "archc-paths-"));
    mkdirSync(join(dir, "folder"));
    const missing = model(256) + train('text("nope.txt", validation: 0.1)');
    const r = analyzeFile(join(dir, "m.arch"), { text: missing, cwd: dir });
    const [e, ...rest] = r.diagnostics;
    expect(rest).toEqual([]);
    expect(e?.code).toBe("ARCH3508");
    expect(e?.message).toBe('the data file "nope.txt" does not exist (looked for nope.txt)');
    expect(e?.hint).toContain("relative to the folder of this .arch file");
    expect(missing.slice(e!.span.start, e!.span.end)).toBe('"nope.txt"');
    const folder = analyzeFile(join(dir, "m.arch"), {
      text: model(256) + train('text("folder")'),
      cwd: dir,
    });
    expect(folder.diagnostics.map((d) => d.message)).toEqual([
      'the data file "folder" is not a file (folder)',
    ]);
  });
});
