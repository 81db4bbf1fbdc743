// Decoding speed with and without the KV cache (runtime/decode/): greedy generation of N tokens
// from a one-token prompt on the default example's model (examples/gpt.arch, random weights), wasm.
import { createParams, disposeParams } from "../runtime/init.ts";
import { generate } from "../runtime/decode/index.ts";
import { useBackend } from "./backends.ts";
import { loadCompiled } from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const LENGTHS = [32, 64, 128];

export const benchmark: Benchmark = {
  name: "decode",
  title: "Decoding: KV cache vs full-window recompute (tokens/s, wasm)",
  description:
    "Greedy `generate` of N tokens after a one-token prompt on examples/gpt.arch (context 64, random " +
    "weights), with the KV cache (one position per token; past the context the window restarts as the " +
    "last 32 tokens) and with `cache: false` (the whole window per token). Wall-clock tokens/s, median of " +
    "repeats; the ratio is cached over uncached in the same run.",
  order: 60,
  async run(ctx) {
    await useBackend("wasm");
    const model = await loadCompiled("examples/gpt.arch", "decode/gpt");
    const params = createParams(model.params, 1);
    const repeats = ctx.quick ? 1 : 3;
    const rate = async (tokens: number, cache: boolean): Promise<number[]> => {
      const xs: number[] = [];
      for (let i = 0; i <= repeats; i++) {
        const t0 = performance.now();
        await generate(model, params, [10], { tokens, temperature: 0, cache });
        if (i > 0) xs.push(tokens / ((performance.now() - t0) / 1000)); // the first is a warm-up
      }
      return xs;
    };
    const rows: BenchRow[] = [];
    for (const n of LENGTHS) {
      ctx.log(`${n} tokens`);
      const cached = stats(await rate(n, true));
      const full = stats(await rate(n, false));
      rows.push({
        name: `${n} tokens, KV cache`,
        value: cached.median,
        unit: "tokens/s",
        spread: spread(cached),
        ratio: `${fmt(cached.median / full.median)}× uncached`,
      });
      rows.push({
        name: `${n} tokens, no cache`,
        value: full.median,
        unit: "tokens/s",
        spread: spread(full),
      });
    }
    disposeParams(params);
    return rows;
  },
};
