// An output folder that cannot be created or written is a user error for `compile`, `graph` and
// `train` (exit 1, `error: cannot write …`), not an internal compiler error (exit 2).
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { main } from "../../cli/main.ts";

const ROOT = new URL("../../", import.meta.url).pathname;
const GPT = join(ROOT, "examples/gpt.arch");

async function run(argv: string[]): Promise<{ code: number; err: string }> {
  let err = "";
  const code = await main(argv, {
    out: () => undefined,
    err: (s) => void (err += s),
    color: false,
  });
  return { code, err };
}

describe("an output folder under a regular file", () => {
  const dir = mkdtempSync(join(tmpdir(), "archc-out-"));
  const file = join(dir, "file.txt");
  writeFileSync(file, "in the way\n");

  it.each([
    ["compile", ["compile", GPT, "--out", join(file, "out")]],
    ["graph", ["graph", GPT, "--out", join(file, "out", "g.svg")]],
  ])("%s exits 1 with a clear message", async (_cmd, argv) => {
    const r = await run(argv);
    expect(r.err).not.toContain("ICE");
    expect(r.err).toMatch(
      /^error: cannot write `.*file\.txt\/out`: a part of the path is not a directory\n$/,
    );
    expect(r.code).toBe(1);
  });

  it("compile onto an existing file exits 1", async () => {
    const r = await run(["compile", GPT, "--out", file]);
    expect(r.err).toMatch(/^error: cannot write `.*file\.txt`: a file is in the way\n$/);
    expect(r.code).toBe(1);
  });

  it("train, whose program folder cannot be made under the current folder, exits 1", async () => {
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      // out/<name> under the cwd: `out` is a regular file here
      writeFileSync(join(dir, "out"), "in the way\n");
      const r = await run(["train", GPT, "--steps", "1"]);
      expect(r.err).not.toContain("ICE");
      expect(r.err).toMatch(
        /error: cannot write `.*out\/gpt`: a part of the path is not a directory|a file is in the way/,
      );
      expect(r.code).toBe(1);
    } finally {
      process.chdir(cwd);
    }
  });
});
