// docs/builtins.md must agree with compiler/lower/builtins.ts, the single home of the signatures:
// every primitive layer, parameter, enum member, scalar function and structural form is documented.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import {
  DWA,
  ENUM_MEMBERS,
  EXITS,
  LAYERSKIP,
  MOE,
  PARALLEL,
  PRIMITIVES,
  RESIDUAL,
  SCALAR_FUNCTIONS,
} from "../../compiler/lower/builtins.ts";

const doc = readFileSync("docs/builtins.md", "utf8");

describe("docs/builtins.md", () => {
  it("documents every primitive layer with its parameters", () => {
    for (const [name, sig] of PRIMITIVES) {
      const line = doc.split("\n").find((l) => l.includes(`\`${name}(`));
      expect(line, name).toBeDefined();
      for (const p of sig.params) expect(line, `${name}.${p.name}`).toContain(`${p.name}:`);
    }
  });

  it("documents every enum member, scalar function and structural parameter", () => {
    for (const m of ENUM_MEMBERS.keys()) expect(doc, m).toContain(`\`${m}`);
    for (const f of SCALAR_FUNCTIONS.keys()) expect(doc, f).toContain(`\`${f}(`);
    for (const sig of [MOE, PARALLEL, DWA, LAYERSKIP, EXITS])
      for (const p of sig.params) expect(doc, `${sig.name}.${p.name}`).toContain(`${p.name}:`);
    expect(doc).toContain("scale:");
    expect(RESIDUAL.params.map((p) => p.name)).toEqual(["placement", "norm", "scale"]);
  });
});
