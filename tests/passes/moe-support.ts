// Compiling a file with every MoE layer forced dense or dispatched, for the MoE dispatch tests.
import { join } from "node:path";
import { compileFile } from "../../compiler/compile.ts";
import type { MoeStrategy } from "../../compiler/ir/types.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";

/** Compiles `file` (repo-relative) with `moeStrategy` into out/tests/passes/moe-dispatch/<stem>/<strategy>. */
export async function load(
  file: string,
  moeStrategy: MoeStrategy,
): Promise<{ model: CompiledModel; code: string }> {
  const tag = file.replace(/^.*\//, "").replace(/\.arch$/, "");
  const dir = join(REPO, "out", "tests", "passes", "moe-dispatch", tag, moeStrategy);
  const r = await compileFile(file, { cwd: REPO, outDir: dir, moeStrategy });
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  if (r.files === undefined || errors.length > 0)
    throw new Error(errors.map((d) => d.message).join("; "));
  const code = r.files.find((f) => f.path === "model.ts")!.text;
  return { model: (await importProgram(writeProgram(dir, code))).model, code };
}
