// runtime/run/rundir.ts writeFileAtomic: text (UTF-8) and bytes land whole under the final name,
// replacing an older file, with no temporary file left behind (report.svg, config.json, safetensors).
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeFileAtomic } from "../../runtime/run/rundir.ts";

describe("writeFileAtomic", () => {
  const dir = mkdtempSync(join(tmpdir(), "archc-atomic-"));

  it("writes text as UTF-8, replacing the old file", () => {
    const path = join(dir, "a.txt");
    writeFileSync(path, "old");
    writeFileAtomic(path, "α → β\n");
    expect(readFileSync(path, "utf8")).toBe("α → β\n");
  });

  it("writes bytes, every one of them, and leaves no temporary file", () => {
    const path = join(dir, "b.bin");
    const bytes = Uint8Array.from({ length: 1 << 20 }, (_, i) => (i * 31) & 255);
    writeFileAtomic(path, bytes);
    expect(new Uint8Array(readFileSync(path))).toEqual(bytes);
    expect(readdirSync(dir).filter((f) => f.includes(".tmp-"))).toEqual([]);
  });
});
