// Shared by the codegen and e2e suites: the examples, compiling one, and writing generated
// programs to folders (model.ts + runtime.ts shim + package.json) to type-check or import them.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileFile, runtimeShim, type CompileResult } from "../../compiler/compile.ts";
import type { CompiledModel } from "../../runtime/model.ts";

export const REPO = resolve(fileURLToPath(import.meta.url), "../../..");

/** Every example file name (`gpt.arch`, …), sorted. */
export const EXAMPLES: readonly string[] = readdirSync(join(REPO, "examples"))
  .filter((f) => f.endsWith(".arch"))
  .sort();

export const stem = (file: string): string => file.replace(/\.arch$/, "");

export interface Compiled {
  readonly result: CompileResult;
  /** The generated model.ts. */
  readonly code: string;
}

/** `text` with each named top-level `const` set to a new value (`const d = 96` → `const d = 32`). */
export function withConsts(
  text: string,
  consts: Readonly<Record<string, string | number>>,
): string {
  let out = text;
  for (const [name, value] of Object.entries(consts))
    out = out.replace(new RegExp(`^const ${name} = [^\\n/]+`, "m"), `const ${name} = ${value} `);
  return out;
}

/**
 * Writes examples/<file> into `dir` with `consts` replaced (a smaller model where a test's
 * invariant does not depend on size); its path. An example importing another (hash-layers imports
 * ./gpt.arch) needs that one written beside it too.
 */
export function shrinkExample(
  file: string,
  dir: string,
  consts: Readonly<Record<string, string | number>>,
): string {
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  writeFileSync(path, withConsts(readFileSync(join(REPO, "examples", file), "utf8"), consts));
  return path;
}

/** Compiles examples/<file> as `archc` run from the repository root would; throws on diagnostics. */
export async function compileExample(
  file: string,
  outDir = join(REPO, "out", "tests", stem(file)),
): Promise<Compiled> {
  const result = await compileFile(join("examples", file), { cwd: REPO, outDir });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.files === undefined) {
    throw new Error(
      `${file} does not compile: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`,
    );
  }
  const code = result.files.find((f) => f.path === "model.ts")?.text ?? "";
  return { result, code };
}

/** Writes a generated program into `dir` (with its runtime shim and an ESM package.json). */
export function writeProgram(dir: string, code: string): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.ts"), code);
  writeFileSync(join(dir, "runtime.ts"), runtimeShim());
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  return join(dir, "model.ts");
}

/** What a generated module exports. */
export interface ProgramModule {
  readonly model: CompiledModel;
  readonly trainConfig?: unknown;
  readonly meta: CompiledModel["meta"];
}

/** Imports a generated module written by writeProgram. */
export async function importProgram(path: string): Promise<ProgramModule> {
  return (await import(pathToFileURL(path).href)) as ProgramModule;
}
