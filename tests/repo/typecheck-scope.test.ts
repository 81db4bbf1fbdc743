// The type check covers the whole repository: every .ts file git knows is in tsconfig.json's
// program, apart from test fixtures (inputs that are meant to be wrong). A new top-level folder
// missing from "include" fails here instead of going unchecked.
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { REPO, repoFiles } from "./repo-files.ts";

describe("tsc --noEmit scope", () => {
  it("every .ts file outside fixtures is type-checked", () => {
    const parsed = ts.getParsedCommandLineOfConfigFile(
      join(REPO, "tsconfig.json"),
      {},
      {
        ...ts.sys,
        onUnRecoverableConfigFileDiagnostic: (d) => {
          throw new Error(ts.flattenDiagnosticMessageText(d.messageText, "\n"));
        },
      },
    );
    const checked = new Set(parsed!.fileNames.map((f) => f.slice(REPO.length)));
    const unchecked = repoFiles().filter(
      (f) => /\.[cm]?ts$/.test(f) && !checked.has(f) && !f.split("/").includes("fixtures"),
    );
    expect(checked.size).toBeGreaterThan(100);
    expect(unchecked).toEqual([]);
  });
});
