// Comments and blank lines inserted between random tokens of every example and stdlib file (seeded):
// formatting keeps every comment in order, keeps the tree, and is idempotent.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatModule } from "../../grammar/format/index.ts";
import { parse } from "../../grammar/parse.ts";
import { archLexer } from "../../grammar/tokens.ts";
import { archFiles, commentTexts, ROOT, stripSpans } from "./helpers.ts";

/** A small deterministic generator (so a failure reproduces). */
function lcg(seed: number): () => number {
  let s = seed;
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
}

/** The text with a comment, a multi-line block comment or blank lines after some tokens. */
function sprinkle(text: string, rnd: () => number): string {
  const cuts = archLexer
    .tokenize(text)
    .tokens.filter(() => rnd() < 0.12)
    .map((t) => (t.endOffset ?? t.startOffset) + 1);
  let out = "";
  let prev = 0;
  cuts.forEach((c, k) => {
    const r = rnd();
    const insert =
      r < 0.4
        ? ` /* c${k} */ `
        : r < 0.8
          ? ` // c${k}\n`
          : r < 0.9
            ? "\n\n\n"
            : ` /* m${k}\n   more */ `;
    out += text.slice(prev, c) + insert;
    prev = c;
  });
  return out + text.slice(prev);
}

describe("fmt with comments anywhere", () => {
  for (const file of archFiles("examples", "stdlib")) {
    it(file, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const rnd = lcg(file.length * 7919);
      for (let trial = 0; trial < 12; trial++) {
        const input = sprinkle(text, rnd);
        const before = parse(input, file);
        if (before.diagnostics.length > 0) continue; // a comment inside a token pair the grammar forbids
        const once = formatModule(before.module, input);
        const after = parse(once, file);
        expect(after.diagnostics, once).toEqual([]);
        expect(stripSpans(after.module.decls)).toEqual(stripSpans(before.module.decls));
        expect(commentTexts(after.module, once)).toEqual(commentTexts(before.module, input));
        expect(formatModule(after.module, once), input).toBe(once);
      }
    });
  }
});
