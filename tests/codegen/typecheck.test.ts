// Every generated program passes `tsc --noEmit` under the project's strict settings: the examples
// and the hand-made graphs, written to one temporary folder and checked in a single tsc run.
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { generateModule } from "../../compiler/codegen/index.ts";
import { handGpt } from "./hand-graphs.ts";
import { compileExample, EXAMPLES, REPO, stem, writeProgram } from "./support.ts";

const dir = mkdtempSync(join(tmpdir(), "archc-typecheck-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const HAND = {
  "hand-gpt": {},
  "hand-mixed": { layers: 4, postLayers: 1, moe: true, dropout: 0.1 },
} as const;

describe("generated programs type-check", () => {
  it("under the project's strict tsconfig, in one tsc run", async () => {
    for (const file of EXAMPLES)
      writeProgram(join(dir, stem(file)), (await compileExample(file)).code);
    for (const [name, opts] of Object.entries(HAND)) {
      const code = await generateModule({ graph: handGpt(opts), locate: (s) => `${s.file}:1` });
      writeProgram(join(dir, name), code);
    }
    writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
    const config = {
      extends: join(REPO, "tsconfig.json"),
      compilerOptions: {
        typeRoots: [join(REPO, "node_modules", "@types")],
        // the programs import the runtime by package name
        paths: { "archc/runtime": [join(REPO, "runtime", "index.ts")] },
      },
      include: ["**/*.ts"],
      exclude: [],
    };
    writeFileSync(join(dir, "tsconfig.json"), JSON.stringify(config, null, 2));
    const tsc = join(REPO, "node_modules", "typescript", "bin", "tsc");
    let output = "";
    try {
      execFileSync(process.execPath, [tsc, "--noEmit", "-p", join(dir, "tsconfig.json")], {
        encoding: "utf8",
        stdio: "pipe",
      });
    } catch (e) {
      const err = e as { stdout?: string; stderr?: string };
      output = `${err.stdout ?? ""}${err.stderr ?? ""}`;
    }
    expect(output).toBe("");
  }, 240_000);
});
