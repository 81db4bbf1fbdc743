// Goldens of the generated model.ts for every example: compared with tests/baselines/reference/ts/;
// `ACCEPT=1 npx vitest run tests/codegen/goldens.test.ts` rewrites them (review the diff).
// A mismatch leaves the new text in tests/baselines/local/ts/ for diffing.
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { compileExample, EXAMPLES, REPO, stem } from "./support.ts";

const REFERENCE = join(REPO, "tests", "baselines", "reference", "ts");
const LOCAL = join(REPO, "tests", "baselines", "local", "ts");
const ACCEPT = process.env["ACCEPT"] === "1";

describe("generated model.ts goldens", () => {
  for (const file of EXAMPLES) {
    it(`examples/${file}`, async () => {
      // a data file's absolute path names the checkout: shown as <repo> so the golden holds anywhere
      const code = (await compileExample(file)).code.replaceAll(REPO, "<repo>");
      const ref = join(REFERENCE, `${stem(file)}.ts`);
      const local = join(LOCAL, `${stem(file)}.ts`);
      if (ACCEPT) {
        mkdirSync(REFERENCE, { recursive: true });
        writeFileSync(ref, code);
        return;
      }
      const expected = existsSync(ref) ? readFileSync(ref, "utf8") : "";
      if (code !== expected) {
        mkdirSync(LOCAL, { recursive: true });
        writeFileSync(local, code);
      } else if (existsSync(local)) {
        rmSync(local);
      }
      expect(code, `golden ${ref} differs; new text in ${local} (ACCEPT=1 to accept)`).toBe(
        expected,
      );
    });
  }
});
