// Support for the benchmarks and the by-hand tools (no `benchmark` export): compiling a spec with
// given options (pass pipeline, MoE strategy) into out/bench/ (benchModel: the by-hand tools'
// models), a training-step runner for a generated program (the runtime's own trainStep: forward,
// cross-entropy + aux losses, clipping, AdamW — what `archc train` runs), the warm-up and turn
// sizing of native-training's rounds, interleaved timing rounds, CPU time and peak memory.
import * as tf from "../runtime/tf.ts";
import { mkdirSync, writeFileSync } from "node:fs";
import { register } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { compileFile, runtimeShim } from "../compiler/compile.ts";
import type { MoeStrategy } from "../compiler/ir/types.ts";
import { disposeParams } from "../runtime/init.ts";
import type { CompiledModel } from "../runtime/model.ts";
import { trainStep } from "../runtime/train/step.ts";
import { loadAddon } from "../runtime/kernels/native/addon.ts";
import { useBackend } from "./backends.ts";
import { startStep, trainingStart } from "./training-start.ts";
import { DEFAULT_GPT } from "./hand-written/gpt.ts";
import { fmt } from "./types.ts";

export const REPO = resolve(dirname(fileURLToPath(import.meta.url)), "..");

// the compiled programs import `archc/runtime`: resolve it to these sources, as bin/archc.mjs does
register("../bin/source-resolve.mjs", import.meta.url);

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

/**
 * Compiles `file` (repo-relative) with `options` into out/bench/<dir> and imports the model.
 * Default options: the pass pipeline on, MoE strategy from its cost estimate.
 */
export async function loadCompiled(
  file: string,
  dir: string,
  options: { optimize?: boolean; moeStrategy?: MoeStrategy } = {},
): Promise<CompiledModel> {
  const out = join(REPO, "out", "bench", dir);
  const r = await compileFile(file, { cwd: REPO, outDir: out, ...options });
  const code = r.files?.find((f) => f.path === "model.ts")?.text;
  if (code === undefined)
    throw new Error(`${file}: ${r.diagnostics.map((d) => d.message).join("; ")}`);
  mkdirSync(out, { recursive: true });
  writeFileSync(join(out, "model.ts"), code);
  writeFileSync(join(out, "runtime.ts"), runtimeShim());
  writeFileSync(join(out, "package.json"), '{ "type": "module" }\n');
  const mod = (await import(pathToFileURL(join(out, "model.ts")).href)) as { model: CompiledModel };
  return mod.model;
}

/** Compiles `file` into out/bench/<tag>/<opt|noopt> and imports the model. */
export async function loadProgram(
  file: string,
  tag: string,
  optimize: boolean,
): Promise<CompiledModel> {
  return loadCompiled(file, join(tag, optimize ? "opt" : "noopt"), { optimize });
}

/** native-training.ts's GEMM-heavy model: d 512, 8 heads, 6 layers, ctx 256, batch 8 (BENCH_GEMM_BATCH). */
export const GEMM_GPT: typeof DEFAULT_GPT = {
  ...DEFAULT_GPT,
  d: 512,
  heads: 8,
  layers: 6,
  ctx: 256,
  batch: Number(process.env["BENCH_GEMM_BATCH"] ?? 8),
};

/**
 * A by-hand tool's model, compiled into out/bench/<tag>-<which> and imported, with the batch to step
 * it at: "small" (issue #13's, DEFAULT_GPT), "gpt" (examples/gpt.arch) or "gemm" (GEMM_GPT).
 */
export async function benchModel(
  which: string,
  tag: string,
): Promise<{ model: CompiledModel; batch: number }> {
  const spec = which === "small" ? DEFAULT_GPT : which === "gemm" ? GEMM_GPT : undefined;
  if (spec === undefined && which !== "gpt")
    throw new Error(`model: small, gpt or gemm, got ${which}`);
  const file =
    spec === undefined ? "examples/gpt.arch" : writeSpec(`${tag}-${which}`, gptSpec(spec));
  return {
    model: await loadCompiled(file, `${tag}-${which}`),
    batch: (spec ?? DEFAULT_GPT).batch,
  };
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

/**
 * A training-step runner for a generated program on a fixed batch [batch, context + 1]; `loss` is
 * the last step's (NaN before the first).
 */
export function programStepper(
  model: CompiledModel,
  batch: number,
): Stepper & { readonly loss: number } {
  const { params, optimizer, batch: fixed } = trainingStart(model, batch);
  let n = 0;
  let loss = NaN;
  return {
    tokens: batch * model.meta.context,
    get loss() {
      return loss;
    },
    async step() {
      loss = (await trainStep(model, params, optimizer, fixed, startStep(n++))).loss;
    },
    dispose() {
      optimizer.dispose();
      disposeParams(params);
    },
  };
}

/** A contender in a benchmark case: its stepper and its tokens/CPU-s per round. */
export interface Timed {
  readonly name: string;
  readonly stepper: Stepper;
  readonly tps: number[];
}

/**
 * `rounds` rounds; in each, every variant in turn runs `steps` steps, timed in CPU seconds, and its
 * tokens per CPU-second is appended to its `tps` (interleaving spreads outside load evenly).
 */
export async function timeRounds(
  variants: readonly Timed[],
  rounds: number,
  steps: number,
  label: string,
  log: (line: string) => void,
): Promise<void> {
  for (let r = 0; r < rounds; r++) {
    for (const v of variants) {
      const t = await timeSteps(v.stepper, steps);
      const tokens = v.stepper.tokens * steps;
      v.tps.push(tokens / t.cpu);
      log(
        `${label} round ${r + 1}/${rounds} ${v.name}: ${fmt(tokens / t.cpu)} tokens/CPU-s (${fmt(tokens / t.wall)} wall)`,
      );
    }
  }
}

/**
 * CPU seconds a contender steps before its timed rounds. A fresh Node process is still compiling
 * the engine's and the program's functions for the first tens of steps: the step time settles after
 * ~80 steps, ~4 CPU-s on the small model and ~8 on examples/gpt.arch (docs/runtime.md); PyTorch gets
 * the same budget. The JIT settles by calls, not seconds, but a contender whose step is slower
 * (wasm, cpu-fast, the hand-written program: fewer steps in the budget) spends a smaller share of
 * its step in the JIT-compiled engine.
 */
export const WARM_UP_CPU_S = 8;
/** At most this many warm-up steps (a step of a few ms would otherwise run for thousands). */
const WARM_UP_MAX_STEPS = 400;

/** What a warm-up ran: its steps and their CPU seconds. */
export interface WarmUp {
  readonly steps: number;
  readonly cpu: number;
}

/** Runs `run(1)` (at least once) until it has spent WARM_UP_CPU_S. */
export async function warmUp(run: (n: number) => Promise<{ cpu: number }>): Promise<WarmUp> {
  let cpu = 0;
  let steps = 0;
  do {
    cpu += (await run(1)).cpu;
    steps++;
  } while (cpu < WARM_UP_CPU_S && steps < WARM_UP_MAX_STEPS);
  return { steps, cpu };
}

/**
 * CPU seconds of one contender's turn in a round, about (roundSteps sizes it from the warm-up's
 * mean rate, which its slower first steps lower): long enough that the caches another process left
 * cold and the turn's own overhead are small against it.
 */
export const ROUND_CPU_S = 1.5;

/** Steps of a ROUND_CPU_S turn at the rate the warm-up ran (at least one). */
export function roundSteps(w: WarmUp): number {
  return Math.max(1, Math.round((ROUND_CPU_S * w.steps) / w.cpu));
}

/** Times `n` steps of `stepper` (cpuTime). */
export function timeSteps(
  stepper: { step(): Promise<void> },
  n: number,
): Promise<{ cpu: number; wall: number }> {
  return cpuTime(async () => {
    for (let i = 0; i < n; i++) await stepper.step();
  });
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

/**
 * In a benchmark's child process: `backend` current (with `threads` BLAS threads on native) and the
 * program compiled beforehand into out/bench/<dir> imported.
 */
export async function childProgram(
  dir: string,
  backend: string,
  threads: string | undefined,
): Promise<CompiledModel> {
  tf.env().set("PROD", true);
  await useBackend(backend);
  const addon = loadAddon();
  if (threads !== undefined && typeof addon !== "string") addon.setThreads(Number(threads));
  const url = pathToFileURL(join(REPO, "out", "bench", dir, "model.ts")).href;
  return ((await import(url)) as { model: CompiledModel }).model;
}
