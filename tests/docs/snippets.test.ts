// Every ```arch snippet of docs/language.md and README.md parses: as a whole file, or (for a
// fragment of a body) wrapped in `model M { … }`.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "../../grammar/parse.ts";

const ROOT = new URL("../../", import.meta.url).pathname;

function snippets(file: string): string[] {
  const text = readFileSync(join(ROOT, file), "utf8");
  return [...text.matchAll(/```arch\n([\s\S]*?)```/g)].map((m) => m[1] ?? "");
}

const parses = (text: string): boolean => parse(text, "snippet.arch").diagnostics.length === 0;

describe("documentation snippets parse", () => {
  for (const file of ["docs/language.md", "README.md"]) {
    snippets(file).forEach((code, k) => {
      it(`${file} #${k + 1}`, () => {
        const ok = parses(code) || parses(`model M {\n${code}\n}\n`);
        expect(ok, code).toBe(true);
      });
    });
  }
});
