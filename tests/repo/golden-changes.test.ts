// `npm run accept`'s summary: a changed golden is listed with its lines added and removed, new and
// deleted goldens are marked, unchanged ones are not listed, and the total adds up.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { formatGoldenChanges, goldenChanges } from "../../scripts/golden-changes.ts";

const work = mkdtempSync(join(tmpdir(), "golden-changes-"));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function write(rel: string, text: string): void {
  mkdirSync(dirname(join(work, rel)), { recursive: true });
  writeFileSync(join(work, rel), text);
}

describe("golden changes", () => {
  write("before/ir/same.ir.txt", "a\nb\n");
  write("after/ir/same.ir.txt", "a\nb\n");
  write("before/ts/gpt.ts", "1\n2\n3\n");
  write("after/ts/gpt.ts", "1\n3\n4\n5\n");
  write("after/report/new.txt", "x\n");
  write("before/report/old.txt", "y\nz\n");

  it("lists exactly the files that differ, with their line counts", () => {
    expect(goldenChanges(work)).toEqual([
      { file: "report/new.txt", added: 1, removed: 0, status: "new" },
      { file: "report/old.txt", added: 0, removed: 2, status: "deleted" },
      { file: "ts/gpt.ts", added: 2, removed: 1, status: "changed" },
    ]);
  });

  it("prints one line per file and a total", () => {
    expect(formatGoldenChanges(goldenChanges(work))).toBe(
      [
        "goldens changed:",
        "  report/new.txt  +1 -0 (new)",
        "  report/old.txt  +0 -2 (deleted)",
        "  ts/gpt.ts       +2 -1",
        "goldens: 3 goldens changed, +3 -3 lines",
        "",
      ].join("\n"),
    );
  });

  it("says so when nothing changed", () => {
    write("same-a/f.txt", "q\n");
    write("same-b/f.txt", "q\n");
    expect(goldenChanges(work, "same-a", "same-b")).toEqual([]);
    expect(formatGoldenChanges([])).toBe("goldens: no golden changed\n");
  });
});
