// Every example and standard-library file parses without syntax errors, and each starts with a
// header comment saying what it is.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { SourceFile } from "../../grammar/core/source.ts";
import { parse } from "../../grammar/parse.ts";
import { archFiles, ROOT } from "../format/helpers.ts";

describe("examples and stdlib parse", () => {
  for (const file of archFiles("examples", "stdlib")) {
    it(file, () => {
      const text = readFileSync(join(ROOT, file), "utf8");
      const { module, diagnostics } = parse(text, file);
      const src = new SourceFile(file, text);
      const errors = diagnostics.filter((d) => d.severity === "error");
      expect(errors.map((d) => formatDiagnostic(d, { sources: () => src }))).toEqual([]);
      expect(text.startsWith("//")).toBe(true);
      expect(module.decls.length).toBeGreaterThan(0);
    });
  }

  it("stdlib files hold one block each, named after the file", () => {
    const kebab = (name: string): string =>
      name
        .replace(/([a-z0-9])([A-Z])/g, "$1-$2")
        .replace(/([A-Z])([A-Z][a-z])/g, "$1-$2")
        .toLowerCase();
    for (const file of archFiles("stdlib")) {
      const { module } = parse(readFileSync(join(ROOT, file), "utf8"), file);
      const blocks = module.decls.filter((d) => d.kind === "block");
      expect(blocks.length, file).toBe(1);
      const name = blocks[0]?.kind === "block" ? blocks[0].name.name : "";
      expect(file, name).toBe(`stdlib/${file.split("/")[1]}/${kebab(name)}.arch`);
    }
  });
});
