// Lowering never throws on broken input: every example and error case with one line deleted, or
// with a width, placement, count or name changed, gives diagnostics (or a graph), not an exception.
import { readdirSync, readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { analyzeFile } from "../../compiler/analyze.ts";

const files = [
  ...readdirSync("examples").map((f) => `examples/${f}`),
  ...readdirSync("tests/cases/semantic-errors")
    .filter((f) => f.endsWith(".arch"))
    .map((f) => `tests/cases/semantic-errors/${f}`),
].filter((f) => f.endsWith(".arch"));

const EDITS: readonly (readonly [RegExp, string])[] = [
  [/\b128\b/, "100"],
  [/\bd\b/, "3"],
  [/pre\b/, "post"],
  [/layernorm/, "rmsnorm"],
  [/heads\b/, "7"],
  [/4 \* d/, "d / 0"],
  [/\(d, /, "(2 * d, "],
  [/tied/, "Linear(d, 3)"],
  [/experts: \w+/, "experts: 0"],
  [/dilation: \d/, "dilation: 0"],
  [/\bx\b/, "y"],
  [/repeat \w+/, "repeat 0"],
  [/MLP\(d, [^)]*\)/, "MLP"],
  [/Linear\(/, "LayerNorm("],
];

function variants(text: string): string[] {
  const lines = text.split("\n");
  const out = lines.map((_, i) => [...lines.slice(0, i), ...lines.slice(i + 1)].join("\n"));
  for (const [re, s] of EDITS) {
    let t = text;
    for (let k = 0; k < 2; k++) out.push((t = t.replace(re, s)));
  }
  return out;
}

describe("lowering is total", () => {
  for (const f of files) {
    it(f, () => {
      for (const v of variants(readFileSync(f, "utf8"))) {
        expect(() => analyzeFile(f, { text: v })).not.toThrow();
      }
    });
  }
});
