// Compiling a file with every MoE layer forced dense or dispatched, for the MoE dispatch tests.
import { join } from "node:path";
import { compileFile } from "../../compiler/compile.ts";
import type { MoeStrategy } from "../../compiler/ir/types.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { importProgram, REPO, shrinkExample, writeProgram } from "../codegen/support.ts";

const ROOT = join(REPO, "out", "tests", "passes", "moe-dispatch");

/**
 * The width examples are compared at: dispatch = dense does not depend on it, and at the examples'
 * d 96 one forward and backward pass takes seconds on cpu. Which tokens overflow an expert's
 * capacity depends on the batch, the experts and the router, not on d.
 */
const WIDTH = 32;

/**
 * Compiles `file` (repo-relative; an example is written at d WIDTH into out/tests/passes/moe-dispatch/src
 * first) with `moeStrategy` into out/tests/passes/moe-dispatch/<stem>/<strategy>.
 */
export async function load(
  file: string,
  moeStrategy: MoeStrategy,
): Promise<{ model: CompiledModel; code: string }> {
  const tag = file.replace(/^.*\//, "").replace(/\.arch$/, "");
  const dir = join(ROOT, tag, moeStrategy);
  const source = file.startsWith("examples/") ? shrunk(file.slice("examples/".length)) : file;
  const r = await compileFile(source, { cwd: REPO, outDir: dir, moeStrategy });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.files === undefined || errors.length > 0)
    throw new Error(errors.map((d) => d.message).join("; "));
  const code = r.files.find((f) => f.path === "model.ts")!.text;
  return { model: (await importProgram(writeProgram(dir, code))).model, code };
}

/** examples/<file> at d WIDTH, with gpt.arch beside it (hash-layers imports its layer). */
function shrunk(file: string): string {
  const dir = join(ROOT, "src");
  shrinkExample("gpt.arch", dir, { d: WIDTH });
  return shrinkExample(file, dir, { d: WIDTH });
}
