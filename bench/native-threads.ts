// BLAS threads for the GEMM-heavy model alone: the matrix products of one training step of the
// GEMM-heavy GPT of bench/native-training.ts (d 512, ctx 256, batch 8: 2048 tokens; forward,
// input-gradient and weight-gradient shapes), each timed by wall clock on the native addon with
// OpenBLAS at 1 thread and at 2, the two interleaved product by product. Wall time is what a second
// thread can buy; on a machine other processes load, the 2-thread figure is noisy (the load
// average is printed with the results).
import { loadavg } from "node:os";
import { loadAddon } from "../runtime/kernels/native/addon.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const T = 2048; // tokens: batch 8 · ctx 256
const D = 512;
/** [M, N, K, transA, transB, label]: the step's large products (all above the threaded size). */
const SHAPES: [number, number, number, boolean, boolean, string][] = [
  [T, 3 * D, D, false, false, "qkv projection"],
  [T, 4 * D, D, false, false, "MLP up"],
  [T, D, 4 * D, false, false, "MLP down"],
  [T, D, 4 * D, false, true, "MLP up, input gradient"],
  [4 * D, D, T, true, false, "MLP down, weight gradient"],
];

export const benchmark: Benchmark = {
  name: "native-threads",
  title: "BLAS threads: 1 vs 2 on the GEMM-heavy model's products (wall ms)",
  order: 14,
  description:
    "Wall-clock ms of one native matrix product (OpenBLAS sgemm through the addon) per shape of a GEMM-heavy " +
    "training step (d 512, 2048 tokens), at 1 BLAS thread and at 2, interleaved in rounds (median of 5). " +
    "The addon uses the thread count only for products of at least 2^26 multiply-adds (smaller ones run on 1 " +
    "thread either way); every product here is above it. Noisy when other processes " +
    "load the machine: see the load average.",
  async run(ctx) {
    const addon = loadAddon();
    if (typeof addon === "string")
      return [{ name: "native backend", value: NaN, unit: "", note: `skipped: ${addon}` }];
    const before = addon.setThreads(0);
    const rounds = ctx.quick ? 2 : 5;
    const rows: BenchRow[] = [];
    const load0 = loadavg()[0]!;
    let total1 = 0;
    let total2 = 0;
    for (const [M, N, K, tA, tB, label] of SHAPES) {
      const a = Float32Array.from({ length: M * K }, (_, i) => ((i * 7919) % 13) / 13 - 0.5);
      const b = Float32Array.from({ length: K * N }, (_, i) => ((i * 104729) % 17) / 17 - 0.5);
      const c = new Float32Array(M * N);
      const off = Int32Array.from([0, 0, 0]);
      const time = (threads: number): number => {
        addon.setThreads(threads);
        const t0 = performance.now();
        addon.gemm(a, b, c, M, N, K, tA ? 1 : 0, tB ? 1 : 0, off);
        return performance.now() - t0;
      };
      time(1);
      time(2); // warm-up: thread start, pages
      const one: number[] = [];
      const two: number[] = [];
      for (let r = 0; r < rounds; r++) {
        one.push(time(1));
        two.push(time(2));
      }
      const s1 = stats(one);
      const s2 = stats(two);
      total1 += s1.median;
      total2 += s2.median;
      const ratios = stats(one.map((v, i) => v / two[i]!));
      ctx.log(`${label}: 1 thread ${fmt(s1.median)} ms, 2 threads ${fmt(s2.median)} ms`);
      const name = `${label} [${M}×${K}]${tA ? "ᵀ" : ""}·[${K}×${N}]${tB ? "ᵀ" : ""}`;
      rows.push({ name: `${name}, 1 thread`, value: s1.median, unit: "ms", spread: spread(s1) });
      rows.push({
        name: `${name}, 2 threads`,
        value: s2.median,
        unit: "ms",
        spread: spread(s2),
        ratio: `speed-up ${fmt(ratios.median)}× (${fmt(ratios.min)}–${fmt(ratios.max)}) over 1 thread`,
        note: `${fmt((2 * M * N * K) / 1e9)} GFLOP`,
      });
    }
    addon.setThreads(before);
    rows.push({
      name: "all the products above (sum of medians), 2 threads",
      value: total2,
      unit: "ms",
      ratio: `speed-up ${fmt(total1 / total2)}× over 1 thread (${fmt(total1)} ms)`,
    });
    rows.push({
      name: "load average (1 min) before / after",
      value: load0,
      unit: "",
      note: `after ${fmt(loadavg()[0]!)}; 2 cores`,
    });
    return rows;
  },
};
