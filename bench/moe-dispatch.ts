// MoE dense vs dispatch: training tokens per CPU-second of examples/moe-switch.arch (and hash-layers)
// compiled with every MoE layer forced dense (every expert on every token) and dispatched (each
// expert on its ⌈c·N/E⌉ capacity slots, pass dispatchMoe), on wasm in one process, interleaved.
import { join } from "node:path";
import type { MoeStrategy } from "../compiler/ir/types.ts";
import { useBackend } from "./backends.ts";
import {
  loadCompiled,
  peakMiB,
  programStepper,
  timeRounds,
  type Stepper,
} from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

/** The files compared (MOE_BENCH_CASES=a.arch,b.arch overrides). */
const CASES = process.env["MOE_BENCH_CASES"]?.split(",") ?? [
  "examples/moe-switch.arch",
  "examples/hash-layers.arch",
];
const BATCH = 16;

export const benchmark: Benchmark = {
  name: "moe-dispatch",
  title: "MoE dense vs dispatch: training tokens/s (wasm)",
  order: 25,
  description:
    "Each case compiled with `--moe dense` and `--moe dispatch` and trained on wasm with the runtime's trainStep " +
    `on a fixed batch of ${BATCH} rows; tokens per CPU-second of this process, variants interleaved per round.`,
  async run(ctx) {
    await useBackend("wasm");
    const rounds = ctx.quick ? 1 : 4;
    const steps = ctx.quick ? 1 : 2;
    const rows: BenchRow[] = [];
    for (const file of ctx.quick ? CASES.slice(0, 1) : CASES) {
      const variants: { name: MoeStrategy; stepper: Stepper; tps: number[]; peak: number }[] = [];
      for (const name of ["dense", "dispatch"] as const)
        variants.push({
          name,
          stepper: programStepper(
            await loadCompiled(file, join("moe-dispatch", file.replace(/[/.]/g, "_"), name), {
              moeStrategy: name,
            }),
            BATCH,
          ),
          tps: [],
          peak: 0,
        });
      for (const v of variants) {
        await v.stepper.step(); // warm-up
        v.peak = await peakMiB(() => v.stepper.step());
      }
      await timeRounds(variants, rounds, steps, file, ctx.log);
      const ratios = variants[1]!.tps.map((x, r) => x / variants[0]!.tps[r]!);
      const rs = stats(ratios);
      for (const v of variants) {
        const s = stats(v.tps);
        rows.push({
          name: `${file}, ${v.name}`,
          value: s.median,
          unit: "tokens/CPU-s",
          spread: spread(s),
          ...(v.name === "dispatch"
            ? { ratio: `${fmt(rs.median)}× dense (${fmt(rs.min)}–${fmt(rs.max)})` }
            : {}),
          note: `peak memory ${fmt(v.peak)} MiB; batch ${BATCH}; ${steps} step(s) per round`,
        });
        v.stepper.dispose();
      }
    }
    return rows;
  },
};
