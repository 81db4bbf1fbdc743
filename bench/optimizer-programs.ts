// Support for the optimizer benchmarks (no `benchmark` export): compiling a spec with and without
// the pass pipeline into out/bench/, and a training-step runner for a generated program (the
// runtime's own trainStep: forward, cross-entropy + aux losses, clipping, AdamW — what `archc
// train` runs), with CPU-time and peak-memory measurement.
import * as tf from "@tensorflow/tfjs";
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileFile, runtimeShim } from "../compiler/compile.ts";
import { createParams, decayNames, disposeParams } from "../runtime/init.ts";
import type { CompiledModel } from "../runtime/model.ts";
import { AdamW } from "../runtime/optim/adamw.ts";
import { trainStep } from "../runtime/train/step.ts";
import type { DEFAULT_GPT } from "./hand-written/gpt.ts";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

/** The hand-written GPT's configuration as an .arch spec (same blocks as examples/gpt.arch). */
export function gptSpec(c: typeof DEFAULT_GPT, layers = c.layers): string {
  return `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}

block Layer(d: int, heads: int) {
  residual(pre, layernorm) { CausalSelfAttention(d, heads) }
  residual(pre, layernorm) { MLP(d, 4 * d, act: gelu) }
}

model GPT {
  input tokens: int[batch, ${c.ctx}]
  embed TokenEmbedding(${c.vocab}, ${c.d}) + LearnedPositions(${c.ctx}, ${c.d})
  repeat ${layers} { Layer(${c.d}, ${c.heads}) }
  norm layernorm
  head tied
}
`;
}

/** Compiles `file` (repo-relative) into out/bench/<tag>/<opt|noopt> and imports the model. */
export async function loadProgram(
  file: string,
  tag: string,
  optimize: boolean,
): Promise<CompiledModel> {
  const dir = join(REPO, "out", "bench", tag, optimize ? "opt" : "noopt");
  const r = await compileFile(file, { cwd: REPO, outDir: dir, optimize });
  const code = r.files?.find((f) => f.path === "model.ts")?.text;
  if (code === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, "model.ts"), code);
  writeFileSync(join(dir, "runtime.ts"), runtimeShim(dir));
  writeFileSync(join(dir, "package.json"), '{ "type": "module" }\n');
  const mod = (await import(pathToFileURL(join(dir, "model.ts")).href)) as { model: CompiledModel };
  return mod.model;
}

/** Writes a generated spec under out/bench/ and returns its repo-relative path. */
export function writeSpec(name: string, text: string): string {
  const dir = join(REPO, "out", "bench");
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `${name}.arch`), text);
  return `out/bench/${name}.arch`;
}

export interface Stepper {
  /** Tokens per step (batch · context). */
  readonly tokens: number;
  /** One optimizer step. */
  step(): Promise<void>;
  dispose(): void;
}

/** A training-step runner for a generated program on a fixed batch [batch, context + 1]. */
export function programStepper(model: CompiledModel, batch: number): Stepper {
  const T = model.meta.context;
  const width = T + 1;
  const tokens = Int32Array.from(
    { length: batch * width },
    (_, i) => (i * 7919 + 13) % model.meta.vocab,
  );
  const params = createParams(model.params, 1);
  const optimizer = new AdamW({
    lr: 1e-3,
    beta1: 0.9,
    beta2: 0.95,
    eps: 1e-8,
    weightDecay: 0.1,
    decay: decayNames(model.params),
  });
  let n = 0;
  return {
    tokens: batch * T,
    async step() {
      await trainStep(
        model,
        params,
        optimizer,
        { tokens, batch, width },
        { lr: 1e-3, clip: 1, step: n++, seed: 1 },
      );
    },
    dispose() {
      optimizer.dispose();
      disposeParams(params);
    },
  };
}

/** CPU seconds of this process for one call (see bench/types.ts timeIt on why CPU time). */
export async function cpuTime(fn: () => Promise<void>): Promise<{ cpu: number; wall: number }> {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  await fn();
  const c = process.cpuUsage(c0);
  return { cpu: (c.user + c.system) / 1e6, wall: (performance.now() - t0) / 1000 };
}

/** Peak tf.memory().numBytes during one step (tf.profile), in MiB. */
export async function peakMiB(fn: () => Promise<void>): Promise<number> {
  const info = await tf.profile(fn);
  return info.peakBytes / 2 ** 20;
}
