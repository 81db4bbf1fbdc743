// Shared by the growth tests: tiny models with one grow event, compiled and imported; the plain
// (unmasked) grown model of a stage; random batches; the training of a few steps.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { analyzeFile } from "../../compiler/analyze.ts";
import { generateModule } from "../../compiler/codegen/index.ts";
import { compileFile } from "../../compiler/compile.ts";
import { applyEvent } from "../../compiler/lower/grow-stages.ts";
import type { Graph } from "../../compiler/ir/types.ts";
import type { CompiledModel } from "../../runtime/model.ts";
import type { Batch } from "../../runtime/data/types.ts";
import { decayNames } from "../../runtime/init.ts";
import { adamw } from "../../runtime/optim/adamw.ts";
import type { Optimizer } from "../../runtime/optim/types.ts";
import { allParamInits, type Growth } from "../../runtime/train/grow.ts";
import { trainStep } from "../../runtime/train/step.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";

export const DIR = join(REPO, "out", "tests", "growth");
export const VOCAB = 32;
export const CTX = 8;

export interface Tiny {
  /** The block call inside `repeat 2 { … }`, e.g. `PreLNBlock(d, 2, ffn: 32)`. */
  readonly block?: string;
  readonly norm?: "layernorm" | "rmsnorm";
  readonly imports?: string;
  /** Replaces the import line: imports and block definitions of the file. */
  readonly prelude?: string;
  /** The event line, e.g. `at step 3: ffn 32 -> 64 masked over 4 steps`. */
  readonly event: string;
}

/** The text of a tiny model (vocab 32, d 16, 2 layers, context 8) with one grow event. */
export function tinyText(t: Tiny): string {
  const norm = t.norm ?? "layernorm";
  return [
    t.prelude ?? `import std.transformer.{${t.imports ?? "PreLNBlock"}}`,
    "const d = 16",
    "model Tiny {",
    `  input tokens: int[batch, ${CTX}]`,
    `  embed TokenEmbedding(${VOCAB}, d) + LearnedPositions(${CTX}, d)`,
    `  repeat 2 { ${t.block ?? `PreLNBlock(d, 2, ffn: 32, norm_kind: ${norm})`} }`,
    `  norm ${norm}`,
    "  head tied",
    "}",
    "grow Tiny {",
    `  ${t.event}`,
    "}",
    "",
  ].join("\n");
}

/** Writes `text` as out/tests/growth/<name>.arch. */
export function writeArch(name: string, text: string): string {
  mkdirSync(DIR, { recursive: true });
  const path = join(DIR, `${name}.arch`);
  writeFileSync(path, text);
  return path;
}

/** Compiles and imports an .arch file; throws on errors. */
export async function compileArch(
  name: string,
  path: string,
): Promise<{ model: CompiledModel; trainConfig?: unknown }> {
  const result = await compileFile(path, { cwd: REPO, outDir: join(DIR, name) });
  const errors = result.diagnostics.filter((d) => d.severity === "error");
  if (errors.length > 0 || result.files === undefined)
    throw new Error(errors.map((d) => d.message).join("; "));
  const code = result.files.find((f) => f.path === "model.ts")!.text;
  return importProgram(writeProgram(join(DIR, name), code));
}

/** The grown model without masks (events 1..k applied plainly), compiled and imported. */
export async function plainStage(name: string, path: string, k: number): Promise<CompiledModel> {
  const program = analyzeFile(path, { cwd: REPO }).program!;
  let g: Graph = program.graph;
  for (const e of program.grow!.events.slice(0, k)) g = applyEvent(g, e, false).graph;
  const code = await generateModule({ graph: g, locate: () => "" });
  return (await importProgram(writeProgram(join(DIR, `${name}-plain`), code))).model;
}

/** A batch of random token ids [B, T+1] from a small LCG. */
export function randomBatch(seed: number, batch = 2): Batch {
  const width = CTX + 1;
  const tokens = new Int32Array(batch * width);
  let s = seed >>> 0 || 1;
  for (let i = 0; i < tokens.length; i++) {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    tokens[i] = s % VOCAB;
  }
  return { tokens, batch, width };
}

export function optimizerFor(model: CompiledModel): Optimizer {
  return adamw({ lr: 1e-2, weightDecay: 0.1, decay: decayNames(allParamInits(model)) });
}

/** Trains steps [from, to) of a growing model on random batches (advancing at event steps); the losses. */
export async function trainSteps(
  g: Growth,
  opt: Optimizer,
  from: number,
  to: number,
): Promise<number[]> {
  const losses: number[] = [];
  for (let step = from; step < to; step++) {
    const batch = randomBatch(100 + step);
    while (g.due(step)) await g.advance(step, opt, 1, batch);
    const r = await trainStep(g.model, g.params, opt, batch, { lr: 1e-2, clip: 1, step, seed: 1 });
    losses.push(r.loss);
  }
  return losses;
}
