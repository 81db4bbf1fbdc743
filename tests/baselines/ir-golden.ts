// Shared by the IR and semantic-error baseline runners: compare text with a checked-in reference,
// rewrite it with ACCEPT=1, write the actual output to tests/baselines/local/ on a mismatch.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { expect } from "vitest";

const HERE = dirname(new URL(import.meta.url).pathname);
export const REFERENCE = join(HERE, "reference");
const LOCAL = join(HERE, "local");

/** Asserts `actual` equals reference/<rel>; ACCEPT=1 rewrites it; a missing reference fails. */
export function expectGolden(rel: string, actual: string): void {
  const ref = join(REFERENCE, rel);
  if (process.env["ACCEPT"] === "1") {
    mkdirSync(dirname(ref), { recursive: true });
    writeFileSync(ref, actual);
    return;
  }
  if (!existsSync(ref)) {
    writeLocal(rel, actual);
    expect.fail(`missing baseline ${rel}: run \`ACCEPT=1 npx vitest run tests/baselines\` and review the new file`);
  }
  const expected = readFileSync(ref, "utf8");
  if (expected !== actual) writeLocal(rel, actual);
  expect(actual).toBe(expected);
}

function writeLocal(rel: string, text: string): void {
  const p = join(LOCAL, rel);
  mkdirSync(dirname(p), { recursive: true });
  writeFileSync(p, text);
}
