// Baselines of semantic errors: each tests/cases/semantic-errors/<name>.arch is analyzed and its
// diagnostics (formatDiagnostic, no colour) must equal reference/semantic-errors/<name>.errors.txt.
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { expectGolden } from "./ir-golden.ts";

const DIR = "tests/cases/semantic-errors";
const cases = readdirSync(DIR)
  .filter((f) => f.endsWith(".arch"))
  .sort();

describe("semantic error baselines", () => {
  it("has at least 30 cases", () => {
    expect(cases.length).toBeGreaterThanOrEqual(30);
  });

  for (const file of cases) {
    it(file, () => {
      const r = analyzeFile(`${DIR}/${file}`);
      expect(r.diagnostics.some((d) => d.severity === "error")).toBe(true);
      expect(r.program).toBeUndefined();
      const text = r.diagnostics.map((d) => formatDiagnostic(d, { sources: (p) => r.sources.get(p) })).join("\n\n");
      expectGolden(`semantic-errors/${file.replace(/\.arch$/, "")}.errors.txt`, `${text}\n`);
    });
  }
});
