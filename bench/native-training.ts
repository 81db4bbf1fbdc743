// Training throughput and peak memory of the generated program on the native backend (1 and 2
// BLAS threads; and with its fused kernels off, ARCHC_NATIVE_FUSED=off), wasm and cpu-fast,
// beside the hand-written tfjs GPT (on native) and the same model in PyTorch eager
// (bench/torch_gpt.py; skipped with a note when /usr/bin/python3 has no torch), for the small model
// of issue #13, examples/gpt.arch and a GEMM-heavy model. All contenders of a model run
// interleaved in rounds (PyTorch right after the native contenders, so the headline ratio compares
// adjacent measurements; native both in this process and in one of its own, bench/_program-child.ts,
// as PyTorch and a user's `archc train` run), each after the same warm-up budget of CPU time;
// ratios are per round, medians over rounds.
import { loadAddon } from "../runtime/kernels/native/addon.ts";
import { torchStepper, type TorchStepper } from "./_torch.ts";
import { setNativeFused } from "./backends.ts";
import { DEFAULT_GPT } from "./hand-written/gpt.ts";
import {
  childMemory,
  contenders,
  enter,
  MEMORY_STEPS,
  type Case,
  type Contender,
} from "./native-contenders.ts";
import {
  GEMM_GPT,
  gptSpec,
  peakMiB,
  ROUND_CPU_S,
  roundSteps,
  timeSteps,
  warmUp,
  WARM_UP_CPU_S,
  writeSpec,
} from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const CASES: Case[] = [
  {
    label: "small (d 128, 4 heads, 2 layers, ctx 64, batch 16)",
    file: () => writeSpec("native-small", gptSpec(DEFAULT_GPT)),
    cfg: { ...DEFAULT_GPT, act: "gelu" },
  },
  {
    label: "examples/gpt.arch (d 128, 4 heads, 4 layers, ctx 64, batch 16)",
    file: () => "examples/gpt.arch",
    cfg: { ...DEFAULT_GPT, layers: 4, act: "gelu_tanh" },
  },
  {
    label: `GEMM-heavy (d 512, 8 heads, 6 layers, ctx 256, batch ${GEMM_GPT.batch})`,
    file: () => writeSpec("native-gemm", gptSpec(GEMM_GPT)),
    cfg: { ...GEMM_GPT, act: "gelu" },
    rounds: 3, // wasm and the hand-written program take seconds a step
    noCpuFast: true,
  },
];

function median(xs: number[]): number {
  return stats(xs).median;
}

async function runCase(
  k: Case,
  tag: string,
  rounds: number,
  log: (m: string) => void,
): Promise<BenchRow[]> {
  const cs: Contender[] = [];
  let torch: TorchStepper | string = "not started";
  try {
    await contenders(k, tag, cs);
    torch = await torchStepper(k.cfg);
    return await timeCase(k, tag, rounds, log, cs, torch);
  } finally {
    for (const c of cs) c.own?.close();
    if (typeof torch !== "string") torch.close();
  }
}

/** Warms up, times the rounds and measures peak memory of one case's contenders; its rows. */
async function timeCase(
  k: Case,
  tag: string,
  rounds: number,
  log: (m: string) => void,
  cs: Contender[],
  torch: TorchStepper | string,
): Promise<BenchRow[]> {
  const torchTps: number[] = [];
  const torchWall: number[] = [];
  const tokens = k.cfg.batch * k.cfg.ctx;
  // warm-up, the same CPU budget each (JIT, optimizer state, masks); then each contender's turn in
  // a round is ROUND_CPU_S at its warm-up rate
  const warmed: string[] = [];
  for (const c of cs) {
    if (c.own === undefined) await enter(c);
    const w = c.own?.warmed ?? (await warmUp((n) => timeSteps(c, n))); // own: warmed before it answered
    c.steps = roundSteps(w);
    warmed.push(`${c.name} ${w.steps} (then ${c.steps} a round)`);
  }
  let torchSteps = 0;
  if (typeof torch !== "string") {
    const w = await warmUp(torch.steps);
    torchSteps = roundSteps(w);
    warmed.push(`torch ${w.steps} (then ${torchSteps} a round)`);
  }
  log(`${tag} warm-up steps (${WARM_UP_CPU_S} CPU-s each): ${warmed.join(", ")}`);
  const torchRound = async (r: number): Promise<void> => {
    if (typeof torch === "string") return;
    const t = await torch.steps(torchSteps);
    torchTps.push((tokens * torchSteps) / t.cpu);
    torchWall.push((tokens * torchSteps) / t.wall);
    log(
      `${tag} round ${r + 1}/${rounds} torch: ${fmt(torchTps.at(-1)!)} tokens/CPU-s (${fmt(torchWall.at(-1)!)} wall)`,
    );
  };
  for (let r = 0; r < rounds; r++) {
    for (const c of cs) {
      await enter(c);
      const t = c.own !== undefined ? await c.own.steps(c.steps) : await timeSteps(c, c.steps);
      c.tps.push((tokens * c.steps) / t.cpu);
      c.wallTps.push((tokens * c.steps) / t.wall);
      log(
        `${tag} round ${r + 1}/${rounds} ${c.name}: ${fmt(c.tps.at(-1)!)} tokens/CPU-s (${fmt(c.wallTps.at(-1)!)} wall)`,
      );
      // right after the native contenders (in this process, then in its own): each ratio's two sides close
      if (c.own !== undefined) await torchRound(r);
    }
  }
  for (const c of cs) {
    if (c.own !== undefined) continue; // its memory is the in-process native contender's child figure
    await enter(c);
    c.peak = await peakMiB(c.step); // counts the other contenders' live tensors too
    c.dispose();
    if (c.dir !== undefined) {
      const m = childMemory(c, k.cfg.batch);
      c.rss = m.rssGrowthMiB;
      c.peak = m.tensorPeakMiB; // alone: this contender's tensors only
    }
    if (c === cs[0])
      c.rssTfjsGrads = childMemory(c, k.cfg.batch, { ARCHC_GRADS: "tfjs" }).rssGrowthMiB;
  }
  const torchPeak = typeof torch === "string" ? undefined : await torch.peakMiB();
  const native = cs[0]!;
  const unfused = cs.find((c) => c.unfused === true)!;
  setNativeFused(true);
  const wasm = cs.find((c) => c.name === "generated, wasm")!;
  const perRound = (a: number[], b: number[]): string => {
    const s = stats(a.map((v, i) => v / b[i]!));
    return `${fmt(s.median)}×` + (s.n > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : "");
  };
  const rows: BenchRow[] = cs.map((c) => {
    const ratio: string[] = [];
    if (typeof torch !== "string") ratio.push(`${perRound(c.tps, torchTps)} torch`);
    if (c !== wasm) ratio.push(`${perRound(c.tps, wasm.tps)} wasm`);
    if (c.threads === 2) ratio.push(`wall ${perRound(c.wallTps, native.wallTps)} 1 thread`);
    if (c === native) ratio.push(`${perRound(c.tps, unfused.tps)} fused kernels off`);
    return {
      name: `${k.label}: ${c.name}`,
      value: median(c.tps),
      unit: "tokens/CPU-s",
      spread: spread(stats(c.tps)),
      ratio: ratio.join("; "),
      note:
        `wall ${fmt(median(c.wallTps))} tokens/s; ` +
        (c.rss !== undefined ? `peak RSS growth ${fmt(c.rss)} MiB; ` : "") +
        (c.rssTfjsGrads !== undefined
          ? `${fmt(c.rssTfjsGrads)} MiB with tfjs's gradient walk (ARCHC_GRADS=tfjs); `
          : "") +
        (c.peak !== undefined
          ? `tensors ${fmt(c.peak)} MiB (tf.profile peakBytes)`
          : "timed in bench/_program-child.ts"),
    };
  });
  if (typeof torch === "string")
    rows.push({
      name: `${k.label}: PyTorch eager`,
      value: NaN,
      unit: "tokens/CPU-s",
      note: `skipped: ${torch}`,
    });
  else
    rows.push({
      name: `${k.label}: PyTorch ${torch.version} eager, 1 thread`,
      value: median(torchTps),
      unit: "tokens/CPU-s",
      spread: spread(stats(torchTps)),
      ratio: "1× torch",
      note:
        `wall ${fmt(median(torchWall))} tokens/s; peak RSS growth ${fmt(torchPeak!)} MiB; ` +
        `native (1 thread) / torch ${fmt(native.rss! / torchPeak!)}×`,
    });
  return rows;
}

export const benchmark: Benchmark = {
  name: "native-training",
  title:
    "Training throughput: generated program on native, wasm, cpu-fast vs hand-written tfjs vs PyTorch",
  order: 12,
  description:
    "One training step (forward, cross-entropy, backward, clip 1.0, AdamW; the runtime's trainStep) of the generated " +
    "program on a fixed batch, per backend (native also with its fused kernels off, ARCHC_NATIVE_FUSED=off: the " +
    "composed tfjs ops, as before runtime/kernels/native/fused-*.ts); the hand-written tfjs GPT (bench/hand-written/gpt.ts, Adam, gather " +
    "embedding) on native; PyTorch eager (bench/torch_gpt.py, same model and step, 1 thread). Each contender first " +
    `steps for ${WARM_UP_CPU_S} CPU-seconds untimed (a fresh process's JIT is still compiling for the first ~80 steps; ` +
    "PyTorch gets the same budget). Contenders interleave " +
    `in rounds (PyTorch right after the native contenders), each turn ${ROUND_CPU_S} CPU-seconds of steps at the contender's ` +
    "warm-up rate (at least one step); the `own process` row is the same program stepping in a process of its own " +
    "(bench/_program-child.ts), as PyTorch runs and as `archc train` does, without the other contenders' heap and JIT work in its CPU time; throughput is tokens per CPU-second (the 2-thread row's gain shows in its wall ratio). Peak memory, " +
    "like for like: peak RSS growth, the process's resident-set high-water mark (Linux VmHWM, reset through " +
    "/proc/self/clear_refs at the baseline; getrusage's ru_maxrss would include the spawning parent's RSS) over " +
    `${MEMORY_STEPS} steps minus its RSS just before the model's parameters are built (after the framework's ` +
    "imports), each generated contender alone in a fresh child process (bench/_memory-child.ts; the program " +
    "compiled beforehand), PyTorch in its own (bench/torch_gpt.py): weights, gradients, Adam state, activations " +
    "and each allocator's cached free memory. `tensors` is tfjs's own view, tf.profile peakBytes of one step " +
    "in the same child (live tensor bytes; a buffer shared by several tensors, as the gradient tape's saved " +
    "clones, counts once per tensor). The hand-written row has no RSS figure (not a generated program) and its " +
    "tensors figure is taken in this process, other contenders' tensors included. cpu-fast is skipped on the " +
    "GEMM-heavy model (minutes a step).",
  async run(ctx) {
    const addon = loadAddon();
    if (typeof addon === "string")
      return [{ name: "native backend", value: NaN, unit: "", note: `skipped: ${addon}` }];
    ctx.log(`BLAS: ${addon.blasName()}`);
    const threads0 = addon.setThreads(0); // the count in force (0 sets nothing)
    const only = process.env["NATIVE_BENCH_CASES"]?.split(",");
    const rows: BenchRow[] = [];
    for (const [i, k] of CASES.entries()) {
      const tag = ["small", "gpt", "gemm"][i]!;
      if (only !== undefined && !only.includes(tag)) continue;
      rows.push(...(await runCase(k, tag, ctx.quick ? 1 : (k.rounds ?? 5), ctx.log)));
    }
    addon.setThreads(threads0);
    return rows;
  },
};
