// Report goldens: `archc check --report` text for every example, in
// tests/baselines/reference/report/<example>.txt (ACCEPT=1 rewrites them; review the diff).
import { readdirSync } from "node:fs";
import { describe, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";
import { formatReport, programReport } from "../../compiler/report/index.ts";
import { expectGolden } from "../baselines/ir-golden.ts";

const examples = readdirSync("examples")
  .filter((f) => f.endsWith(".arch"))
  .sort();

describe("report baselines", () => {
  it.each(examples)("%s", (file) => {
    const r = analyzeFile(`examples/${file}`);
    if (r.program === undefined)
      throw new Error(
        `examples/${file} does not lower: ${r.diagnostics.map((d) => d.message).join("; ")}`,
      );
    expectGolden(
      `report/${file.replace(/\.arch$/, ".txt")}`,
      formatReport(programReport(r.program)),
    );
  });
});
