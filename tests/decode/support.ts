// Every example as a tiny model for decoding tests: examples/ (and examples/norms/) copied to
// out/tests/decode with a short context (and gpt2-small shrunk), compiled and imported; a grown
// example also yields each growth stage at a step inside its ramp.
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { compileFile } from "../../compiler/compile.ts";
import type { CompiledModel, ParamInit } from "../../runtime/model.ts";
import { importProgram, REPO, withConsts, writeProgram } from "../codegen/support.ts";

/** The context the copies use: short, so that uncached decoding past it stays fast. */
export const TINY_CONTEXT = 12;

export interface TinyModel {
  /** `gpt`, `grow-msg@stage2`, `norms/pre` … */
  readonly name: string;
  readonly model: CompiledModel;
  /** The optimizer step to decode at (inside a growth ramp for stages). */
  readonly step: number;
}

const SHRINK: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  "gpt2-small.arch": { d: "64", heads: "4", layers: "2", vocab: "512" },
};

/** The example's source with ctx (and the SHRINK constants) replaced. */
function shrunk(file: string, text: string): string {
  return withConsts(text, { ctx: String(TINY_CONTEXT), ...SHRINK[file] });
}

/** Example files relative to examples/ (`gpt.arch`, `norms/pre.arch`), sorted. */
export function exampleFiles(): string[] {
  const top = readdirSync(join(REPO, "examples")).filter((f) => f.endsWith(".arch"));
  const norms = readdirSync(join(REPO, "examples", "norms"))
    .filter((f) => f.endsWith(".arch"))
    .map((f) => `norms/${f}`);
  return [...top, ...norms].sort();
}

/** Compiles the tiny copy of examples/<file> and imports it, with its growth stages. */
export async function tinyExample(file: string): Promise<TinyModel[]> {
  const root = join(REPO, "out", "tests", "decode");
  const src = join(root, "examples");
  mkdirSync(join(src, "norms"), { recursive: true });
  for (const f of exampleFiles()) {
    const name = f.split("/").pop()!;
    writeFileSync(join(src, f), shrunk(name, readFileSync(join(REPO, "examples", f), "utf8")));
  }
  const stem = file.replace(/\.arch$/, "");
  const outDir = join(root, "programs", stem);
  // the copies sit elsewhere than examples/: a data file an example names is not read here
  const result = await compileFile(join(src, file), { cwd: REPO, outDir, skipDataFiles: true });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  const code = result.files?.find((f) => f.path === "model.ts")?.text;
  if (errors.length > 0 || code === undefined)
    throw new Error(`${file} does not compile: ${errors.map((d) => d.message).join("; ")}`);
  const { model } = await importProgram(writeProgram(outDir, code));
  const out: TinyModel[] = [{ name: stem, model, step: 0 }];
  model.grow?.stages.forEach((s, i) =>
    out.push({ name: `${stem}@stage${i + 1}`, model: s.model, step: s.step + 10 }),
  );
  return out;
}

/** The model's parameters with normal inits widened to std ≥ 0.2, so that logits are far from ties. */
export function sharpInits(params: readonly ParamInit[]): ParamInit[] {
  return params.map((p) =>
    p.init.kind === "normal"
      ? { ...p, init: { kind: "normal", std: Math.max(p.init.std, 0.2) } }
      : p,
  );
}
