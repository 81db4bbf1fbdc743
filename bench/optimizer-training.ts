// Training throughput and peak memory of generated programs, optimized (the pass pipeline, the
// default) vs unoptimized (--no-opt), and vs the hand-written tfjs GPT (bench/hand-written/gpt.ts)
// for the same model, all on wasm in one process. Variants of a case are interleaved in rounds so
// that load from other processes hits them alike; ratios are per round, summarised over rounds.
import * as tf from "../runtime/tf.ts";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { useBackend } from "./backends.ts";
import { createGpt, DEFAULT_GPT, makeTrainer, randomBatch } from "./hand-written/gpt.ts";
import {
  gptSpec,
  loadProgram,
  peakMiB,
  programStepper,
  REPO,
  timeRounds,
  writeSpec,
  type Stepper,
} from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const BACKEND = "wasm";

interface Case {
  readonly label: string;
  readonly file: () => string;
  readonly batch: number;
  readonly hand?: boolean;
  /** Rounds of interleaved steps (default 4). */
  readonly rounds?: number;
}

/** Too large to train in a benchmark (124M parameters); its blocks are gpt.arch's. */
const SKIPPED = new Set(["gpt2-small.arch"]);

const MAIN_CASES: readonly Case[] = [
  {
    label: "GPT as hand-written (2 layers)",
    file: () => writeSpec("gpt-hand-config", gptSpec(DEFAULT_GPT)),
    batch: DEFAULT_GPT.batch,
    hand: true,
  },
  { label: "examples/gpt.arch (default, 4 layers)", file: () => "examples/gpt.arch", batch: 16 },
  { label: "examples/swiglu-rmsnorm.arch", file: () => "examples/swiglu-rmsnorm.arch", batch: 16 },
  { label: "examples/parallel.arch", file: () => "examples/parallel.arch", batch: 16 },
  { label: "examples/moe-topk.arch", file: () => "examples/moe-topk.arch", batch: 16 },
];

/** The main cases, then every other example (2 rounds each: a per-example figure, less precise). */
function allCases(): Case[] {
  const covered = new Set(MAIN_CASES.map((c) => c.label.split(" ")[0]));
  const rest = readdirSync(join(REPO, "examples"))
    .filter((f) => f.endsWith(".arch") && !SKIPPED.has(f) && !covered.has(`examples/${f}`))
    .sort()
    .map((f) => ({ label: `examples/${f}`, file: () => `examples/${f}`, batch: 16, rounds: 2 }));
  return [...MAIN_CASES, ...rest];
}

interface Variant {
  readonly name: "unoptimized" | "optimized" | "hand-written";
  readonly stepper: Stepper;
  readonly tps: number[];
  peak: number;
}

function handStepper(): Stepper {
  const gpt = createGpt(DEFAULT_GPT);
  const trainer = makeTrainer(gpt);
  const { x, y } = randomBatch(DEFAULT_GPT);
  return {
    tokens: DEFAULT_GPT.batch * DEFAULT_GPT.ctx,
    step: async () => void trainer.step(x, y),
    dispose: () => {
      trainer.dispose();
      gpt.dispose();
      tf.dispose([x, y]);
    },
  };
}

export const benchmark: Benchmark = {
  name: "optimizer-training",
  title:
    "IR optimizer: training tokens/s and peak memory, optimized vs unoptimized vs hand-written (wasm)",
  order: 20,
  description:
    "Each case compiled twice (`archc compile` with the pass pipeline, the default, and with `--no-opt`) and " +
    "trained on wasm with the runtime's trainStep (forward, cross-entropy + aux losses, clip 1.0, AdamW) on a fixed " +
    "batch of `context` tokens per row; the first case also runs the hand-written tfjs GPT of bench/hand-written/gpt.ts " +
    "(same model: vocab 256, d 128, 4 heads, 2 layers, context 64, batch 16; its own tf.train.adam step, no clipping). " +
    "Throughput is tokens per CPU-second of this process (wasm runs one thread; see the GPT training section), " +
    "peak memory is tf.profile's peakBytes over one step (parameters and optimizer state included). " +
    "Ratios are per round of interleaved steps, median (min–max); the first five cases take 4 rounds, every other " +
    "example (gpt2-small excepted: 124M parameters) 2. Targets of the optimizer issue: optimized ≥ 1.3× " +
    "unoptimized for the default GPT, and ≥ 1.0× the hand-written program.",
  async run(ctx) {
    await useBackend(BACKEND);
    const steps = ctx.quick ? 1 : 2; // per variant per round
    const rows: BenchRow[] = [];
    for (const c of ctx.quick ? MAIN_CASES.slice(0, 2) : allCases()) {
      const rounds = ctx.quick ? 1 : (c.rounds ?? 4);
      const file = c.file();
      const variants: Variant[] = [];
      for (const optimize of [false, true]) {
        const model = await loadProgram(file, file.replace(/[/.]/g, "_"), optimize);
        variants.push({
          name: optimize ? "optimized" : "unoptimized",
          stepper: programStepper(model, c.batch),
          tps: [],
          peak: 0,
        });
      }
      if (c.hand === true)
        variants.push({ name: "hand-written", stepper: handStepper(), tps: [], peak: 0 });
      for (const v of variants) {
        await v.stepper.step(); // warm-up: kernels, optimizer state, masks
        v.peak = await peakMiB(() => v.stepper.step());
      }
      await timeRounds(variants, rounds, steps, c.label, ctx.log);
      const [plain, opt, hand] = variants.map((v) => v.tps);
      const ratios = {
        opt: opt!.map((x, r) => x / plain![r]!),
        hand: hand === undefined ? [] : opt!.map((x, r) => x / hand[r]!),
      };
      const ratio = (xs: number[], what: string): string => {
        const s = stats(xs);
        return `${fmt(s.median)}× ${what}` + (s.n > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : "");
      };
      for (const v of variants) {
        const s = stats(v.tps);
        const text =
          v.name === "optimized"
            ? [
                ratio(ratios.opt, "unoptimized"),
                ...(ratios.hand.length > 0 ? [ratio(ratios.hand, "hand-written")] : []),
              ].join("; ")
            : undefined;
        rows.push({
          name: `${c.label}, ${v.name}`,
          value: s.median,
          unit: "tokens/CPU-s",
          spread: spread(s),
          ...(text === undefined ? {} : { ratio: text }),
          note: `peak memory ${fmt(v.peak)} MiB; batch ${c.batch}; ${steps} step(s) per round`,
        });
        v.stepper.dispose();
      }
    }
    return rows;
  },
};
