// Golden syntax errors: every tests/cases/syntax-errors/<name>.arch is parsed and all diagnostics,
// formatted as the CLI prints them (no color), must equal reference/syntax-errors/<name>.errors.txt.
// `ACCEPT=1 npx vitest run tests/baselines/syntax-errors.test.ts` (re)writes the references.
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { formatDiagnostic } from "../../grammar/core/format-diagnostic.ts";
import { SourceFile } from "../../grammar/core/source.ts";
import { parse } from "../../grammar/parse.ts";

const CASES = fileURLToPath(new URL("../cases/syntax-errors/", import.meta.url));
const REFERENCE = fileURLToPath(new URL("./reference/syntax-errors/", import.meta.url));
const accept = process.env["ACCEPT"] === "1";

const names = readdirSync(CASES)
  .filter((f) => f.endsWith(".arch"))
  .map((f) => f.slice(0, -".arch".length))
  .sort();

/** All diagnostics of one case, formatted and joined by blank lines, with a final newline. */
function render(name: string): { text: string; count: number } {
  const file = `${name}.arch`;
  const source = readFileSync(join(CASES, file), "utf8");
  const src = new SourceFile(file, source);
  const { diagnostics } = parse(source, file);
  const text = diagnostics.map((d) => formatDiagnostic(d, { sources: () => src })).join("\n\n") + "\n";
  return { text, count: diagnostics.length };
}

describe("syntax error goldens", () => {
  it("has at least 35 cases", () => {
    expect(names.length).toBeGreaterThanOrEqual(35);
  });

  it.each(names)("%s", (name) => {
    const { text, count } = render(name);
    expect(count, "an error case must report at least one diagnostic").toBeGreaterThan(0);
    const ref = join(REFERENCE, `${name}.errors.txt`);
    if (accept) {
      mkdirSync(REFERENCE, { recursive: true });
      writeFileSync(ref, text);
      return;
    }
    expect(existsSync(ref), `missing ${ref}; run with ACCEPT=1 to create it`).toBe(true);
    expect(text).toBe(readFileSync(ref, "utf8"));
  });
});
