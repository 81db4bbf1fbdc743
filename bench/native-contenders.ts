// The contenders of bench/native-training.ts for one model (a case): the generated program on
// native (1 and 2 BLAS threads, fused kernels off, and in a process of its own), wasm and cpu-fast,
// and the hand-written tfjs GPT; how one becomes current (backend, fused kernels, BLAS threads) and
// a generated contender's peak memory alone in a child process (bench/_memory-child.ts). Exports no
// benchmark.
import * as tf from "../runtime/tf.ts";
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { loadAddon } from "../runtime/kernels/native/addon.ts";
import { programChild, type ChildStepper, type TorchConfig } from "./_torch.ts";
import { setNativeFused, useBackend } from "./backends.ts";
import { createGpt, DEFAULT_GPT, makeTrainer, randomBatch } from "./hand-written/gpt.ts";
import { loadCompiled, programStepper, REPO } from "./optimizer-programs.ts";

export interface Case {
  label: string;
  file: () => string;
  cfg: TorchConfig;
  /** Rounds (default 5; --quick: 1). */
  rounds?: number;
  /** Skip cpu-fast (its JS matrix products make one step take minutes). */
  noCpuFast?: boolean;
}

export interface Contender {
  name: string;
  backend: string;
  threads?: number;
  /** With ARCHC_NATIVE_FUSED=off: the composed tfjs ops instead of the fused native kernels. */
  unfused?: boolean;
  step: () => Promise<void>;
  dispose: () => void;
  tps: number[];
  wallTps: number[];
  /** Steps in each of its turns (roundSteps of its warm-up). */
  steps: number;
  /**
   * tf.profile peakBytes of one step, MiB (live tensors; a buffer counts once per tensor sharing
   * it): in the child for generated contenders, here (others' tensors alive) for the hand-written.
   */
  peak?: number;
  /** Peak RSS growth of the contender alone in a child process (bench/_memory-child.ts), MiB. */
  rss?: number;
  /** The same with tfjs's own gradient walk (ARCHC_GRADS=tfjs; runtime/train/grads.ts), MiB. */
  rssTfjsGrads?: number;
  /** The compiled program's out/bench folder (generated contenders; the child imports it). */
  dir?: string;
  /** Steps and is timed in a process of its own (bench/_program-child.ts), as PyTorch is. */
  own?: ChildStepper;
}

/** Steps the memory child runs (the first creates the optimizer state; the mark is over all). */
export const MEMORY_STEPS = 3;

/** A generated contender's peak memory alone in its own process (bench/_memory-child.ts), MiB. */
export function childMemory(
  c: Contender,
  batch: number,
  env: Record<string, string> = {},
): { rssGrowthMiB: number; tensorPeakMiB: number } {
  const args = [c.dir!, c.backend, String(batch), String(MEMORY_STEPS)];
  if (c.threads !== undefined) args.push(String(c.threads));
  const out = execFileSync(
    process.execPath,
    ["--expose-gc", "--import", "tsx", join(REPO, "bench", "_memory-child.ts"), ...args],
    { encoding: "utf8", cwd: REPO, env: { ...process.env, ...env } },
  );
  const line = out.trim().split("\n").at(-1)!;
  process.stderr.write(`[bench]   memory ${args.join(" ")} ${JSON.stringify(env)}: ${line}\n`);
  return JSON.parse(line) as { rssGrowthMiB: number; tensorPeakMiB: number };
}

export async function enter(c: Contender): Promise<void> {
  await useBackend(c.backend);
  setNativeFused(c.unfused !== true);
  const addon = loadAddon();
  if (c.threads !== undefined && typeof addon !== "string") addon.setThreads(c.threads);
}

/** A contender with no stepper yet and no rounds timed. */
function blank(name: string, backend: string, threads?: number): Contender {
  const c: Contender = {
    name,
    backend,
    step: async () => {},
    dispose: () => {},
    tps: [],
    wallTps: [],
    steps: 1,
  };
  if (threads !== undefined) c.threads = threads;
  return c;
}

/**
 * Builds a case's contenders into `out` as each starts (so that a caller's cleanup reaches the ones
 * started when a later one throws).
 */
export async function contenders(k: Case, tag: string, out: Contender[]): Promise<void> {
  const dir = `native-${tag}`;
  const model = await loadCompiled(k.file(), dir);
  const program = async (
    name: string,
    backend: string,
    threads?: number,
    unfused?: boolean,
  ): Promise<void> => {
    const c: Contender = { ...blank(name, backend, threads), dir };
    if (unfused === true) c.unfused = true;
    await enter(c);
    const s = programStepper(model, k.cfg.batch);
    c.step = () => s.step();
    c.dispose = () => s.dispose();
    out.push(c);
  };
  await program("generated, native, 1 BLAS thread", "native", 1);
  out.push({
    ...blank("generated, native, 1 BLAS thread, own process", "native", 1),
    own: await programChild([dir, "native", String(k.cfg.batch), "1"]),
  });
  await program("generated, native, 1 BLAS thread, fused kernels off", "native", 1, true);
  await program("generated, native, 2 BLAS threads", "native", 2);
  await program("generated, wasm", "wasm");
  if (k.noCpuFast !== true) await program("generated, cpu-fast", "cpu-fast");
  const hw = blank("hand-written tfjs, native", "native", 1);
  await enter(hw);
  const gpt = createGpt({ ...DEFAULT_GPT, ...k.cfg, embedding: "gather" });
  const trainer = makeTrainer(gpt);
  const { x, y } = randomBatch({ ...DEFAULT_GPT, ...k.cfg });
  hw.step = async () => void trainer.step(x, y);
  hw.dispose = () => {
    trainer.dispose();
    gpt.dispose();
    tf.dispose([x, y]);
  };
  out.push(hw);
}
