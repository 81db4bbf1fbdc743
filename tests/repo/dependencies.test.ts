// Every package a source file imports is declared in package.json. A bare specifier in any
// .ts/.mts/.js/.mjs/.cjs file of the repository must name a Node builtin, the package itself, or a
// declared dependency; the shipped program (SHIPPED folders, test files aside) may not rely on a
// devDependency, which `npm install --omit=dev` leaves out.
import { readFileSync } from "node:fs";
import { builtinModules } from "node:module";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { packageJson, REPO, repoFiles } from "./repo-files.ts";

/** The folders that make up the installed program (bin/archc.mjs and what it loads). */
const SHIPPED = ["api/", "bin/", "cli/", "compiler/", "grammar/", "runtime/"];
const SOURCE = /\.(ts|mts|cts|js|mjs|cjs)$/;
const BUILTINS = new Set(builtinModules);

/** The package a bare specifier names ("@scope/name/sub" → "@scope/name"), or undefined if not bare. */
export function packageOf(specifier: string): string | undefined {
  if (/^[./]/.test(specifier) || specifier.startsWith("node:") || specifier.startsWith("#")) {
    return undefined;
  }
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? parts.slice(0, 2).join("/") : parts[0];
}

/** Every module specifier a file names: import/export from, import(), require(), require.resolve(). */
export function specifiersOf(text: string): string[] {
  const found = ts.preProcessFile(text, true, true).importedFiles.map((f) => f.fileName);
  for (const m of text.matchAll(/require\.resolve\(\s*["']([^"']+)["']/g)) found.push(m[1]!);
  return found;
}

interface Use {
  readonly file: string;
  readonly pkg: string;
}

function packageUses(): Use[] {
  const uses: Use[] = [];
  for (const file of repoFiles().filter((f) => SOURCE.test(f))) {
    const text = readFileSync(join(REPO, file), "utf8");
    for (const spec of specifiersOf(text)) {
      const pkg = packageOf(spec);
      if (pkg !== undefined && !BUILTINS.has(pkg)) uses.push({ file, pkg });
    }
  }
  return uses;
}

const isShipped = (file: string) =>
  SHIPPED.some((dir) => file.startsWith(dir)) && !/\.test\.[cm]?[jt]s$/.test(file);

/** The folders with a package.json of their own (the VS Code extension, editors/vscode), whose files
 *  may use that package's dependencies, and `vscode` where it declares the VS Code engine. */
const NESTED = ["editors/vscode/"];
function nestedPackage(file: string): Set<string> | undefined {
  const dir = NESTED.find((d) => file.startsWith(d));
  if (dir === undefined) return undefined;
  const own = JSON.parse(readFileSync(join(REPO, dir, "package.json"), "utf8")) as {
    dependencies?: Record<string, string>;
    engines?: Record<string, string>;
  };
  return new Set([
    ...Object.keys(own.dependencies ?? {}),
    ...(own.engines?.["vscode"] === undefined ? [] : ["vscode"]),
  ]);
}

describe("imported packages are declared", () => {
  const pkg = packageJson();
  const runtimeDeps = new Set([
    pkg.name,
    ...Object.keys(pkg.dependencies ?? {}),
    ...Object.keys(pkg.optionalDependencies ?? {}),
    ...Object.keys(pkg.peerDependencies ?? {}),
  ]);
  const allDeps = new Set([...runtimeDeps, ...Object.keys(pkg.devDependencies ?? {})]);
  const uses = packageUses();

  it("finds the imports it checks", () => {
    // The scan itself works: the grammar's parser library and the test runner are seen.
    expect(uses.some((u) => u.pkg === "chevrotain" && u.file.startsWith("grammar/"))).toBe(true);
    expect(uses.some((u) => u.pkg === "vitest")).toBe(true);
  });

  it("every bare import names a declared dependency", () => {
    const undeclared = uses
      .filter((u) => !(nestedPackage(u.file)?.has(u.pkg) ?? allDeps.has(u.pkg)))
      .map((u) => `${u.file}: ${u.pkg}`);
    expect(undeclared).toEqual([]);
  });

  it("the shipped program imports no devDependency", () => {
    const devOnly = uses
      .filter((u) => isShipped(u.file) && allDeps.has(u.pkg) && !runtimeDeps.has(u.pkg))
      .map((u) => `${u.file}: ${u.pkg} (a devDependency)`);
    expect(devOnly).toEqual([]);
  });

  it("reads specifiers the way Node resolves them", () => {
    expect(packageOf("@tensorflow/tfjs-backend-wasm/dist/x.js")).toBe(
      "@tensorflow/tfjs-backend-wasm",
    );
    expect(packageOf("tsx/esm/api")).toBe("tsx");
    expect(packageOf("./local.ts")).toBeUndefined();
    expect(packageOf("node:fs")).toBeUndefined();
    const call = ["require", "resolve"].join("."); // spelled apart so this file does not match itself
    expect(specifiersOf(`const t = typeof import("a"); ${call}("b/package.json");`)).toEqual([
      "a",
      "b/package.json",
    ]);
  });
});
