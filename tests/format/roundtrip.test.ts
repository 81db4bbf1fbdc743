// Formatting every .arch file of the repository: the file parses, formatting is idempotent, and
// the tree (without spans) and the comments are the same before and after.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatModule } from "../../grammar/format/index.ts";
import { archFiles, commentTexts, parseOk, ROOT, stripSpans } from "./helpers.ts";

const files = archFiles("examples", "stdlib", "tests/cases/ok");

describe("fmt round trip on the repository's .arch files", () => {
  it("finds the examples and the standard library", () => {
    expect(files.filter((f) => f.startsWith("examples/")).length).toBeGreaterThanOrEqual(17);
    expect(files.filter((f) => f.startsWith("stdlib/")).length).toBeGreaterThanOrEqual(8);
  });

  for (const file of files) {
    it(file, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const before = parseOk(text, file);
      const once = formatModule(before, text);
      const after = parseOk(once, file);
      expect(stripSpans(after.decls)).toEqual(stripSpans(before.decls));
      expect(commentTexts(after, once)).toEqual(commentTexts(before, text));
      expect(formatModule(after, once)).toBe(once);
      expect(once.endsWith("\n") && !once.endsWith("\n\n")).toBe(true);
      // The examples and the standard library are kept in canonical form.
      if (!file.startsWith("tests/")) expect(once).toBe(text);
    });
  }
});
