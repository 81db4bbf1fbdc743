// Training throughput and peak memory of a large generated GPT (issue 15 item 10: d 512, 8 heads,
// 6 layers, context 256, batch 8, vocab 256; 19M parameters) on wasm with archc's kernels, on wasm
// with them off (ARCHC_WASM_KERNELS=off) and on cpu-fast. Each contender runs in its own process
// (bench/_large-model-child.ts), so that its peak RSS is its own.
import { execFileSync } from "node:child_process";
import { join } from "node:path";
import { DEFAULT_GPT, type GptConfig } from "./hand-written/gpt.ts";
import { REPO } from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

export const LARGE_GPT: GptConfig = {
  ...DEFAULT_GPT,
  vocab: 256,
  d: 512,
  heads: 8,
  layers: 6,
  ctx: 256,
  batch: 8,
};

interface Result {
  readonly tokensPerCpuSecond: number;
  readonly tokensPerSecond: number;
  readonly peakRssMiB: number;
}

const CONTENDERS = [
  { label: "wasm, archc kernels", backend: "wasm", env: { ARCHC_WASM_KERNELS: "on" } },
  { label: "wasm, ARCHC_WASM_KERNELS=off", backend: "wasm", env: { ARCHC_WASM_KERNELS: "off" } },
  { label: "cpu-fast", backend: "cpu-fast", env: {} },
] as const;

function runChild(backend: string, steps: number, env: Record<string, string>): Result {
  const out = execFileSync(
    process.execPath,
    ["--import", "tsx", join(REPO, "bench", "_large-model-child.ts"), backend, String(steps)],
    { cwd: REPO, env: { ...process.env, ...env }, encoding: "utf8", maxBuffer: 1 << 20 },
  );
  return JSON.parse(out.trim().split("\n").pop()!) as Result;
}

export const benchmark: Benchmark = {
  name: "large-model",
  title: "Training a large generated GPT (d 512, 6 layers, context 256): tokens/s and peak memory",
  order: 40,
  description:
    "examples/gpt.arch's blocks at vocab 256, d 512, 8 heads, 6 layers, context 256, batch 8 (19M parameters): " +
    "the runtime's training step (forward, cross-entropy, clipping, AdamW) on a fixed batch, one untimed warm-up " +
    "step, then 2 timed steps (1 with --quick), each contender in its own process, rounds interleaved. Throughput " +
    "in tokens per CPU-second (single-threaded backends), wall clock in the note; peak RSS of the process.",
  async run(ctx) {
    const rounds = ctx.quick ? 1 : 2;
    const steps = ctx.quick ? 1 : 2;
    const results = new Map<string, Result[]>(CONTENDERS.map((c) => [c.label, []]));
    for (let r = 0; r < rounds; r++)
      for (const c of CONTENDERS) {
        const res = runChild(c.backend, steps, c.env);
        results.get(c.label)!.push(res);
        ctx.log(
          `round ${r + 1}/${rounds} ${c.label}: ${fmt(res.tokensPerCpuSecond)} tokens/CPU-s, ` +
            `${fmt(res.tokensPerSecond)} wall, peak RSS ${fmt(res.peakRssMiB)} MiB`,
        );
      }
    const base = stats(results.get(CONTENDERS[0].label)!.map((x) => x.tokensPerCpuSecond)).median;
    const rows: BenchRow[] = [];
    for (const c of CONTENDERS) {
      const rs = results.get(c.label)!;
      const tps = stats(rs.map((x) => x.tokensPerCpuSecond));
      const peak = stats(rs.map((x) => x.peakRssMiB));
      rows.push({
        name: `large GPT, ${c.label}`,
        value: tps.median,
        unit: "tokens/CPU-s",
        spread: spread(tps),
        ratio: `${fmt(tps.median / base)}× archc wasm`,
        note: `wall ${fmt(stats(rs.map((x) => x.tokensPerSecond)).median)} tokens/s; peak RSS ${fmt(peak.median)} MiB (${spread(peak)})`,
      });
    }
    return rows;
  },
};
