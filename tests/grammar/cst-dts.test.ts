// Drift check: grammar/cst.generated.d.ts must equal what scripts/gen-cst-dts.ts generates now.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { CST_DTS_PATH, cstDtsText } from "../../scripts/gen-cst-dts.ts";

describe("cst.generated.d.ts", () => {
  it("is current (rerun `npx tsx scripts/gen-cst-dts.ts` after changing the grammar)", () => {
    expect(readFileSync(CST_DTS_PATH, "utf8")).toBe(cstDtsText());
  });
});
