// BAM's mixture of attention (std.attention.MixtureOfAttention, 4 experts) with shared K/V and with
// one K/V per expert, beside plain CausalSelfAttention, in a small Pre-LN model: training tokens
// per CPU-second and KV-cached greedy decoding tokens/s, on wasm in one process.
import { join } from "node:path";
import { createParams, disposeParams } from "../runtime/init.ts";
import { generate } from "../runtime/decode/index.ts";
import { useBackend } from "./backends.ts";
import {
  loadCompiled,
  programStepper,
  timeRounds,
  type Timed,
  writeSpec,
} from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const BATCH = 8;
const DECODE = 48;

/** The model with `layer` as its attention sublayer (d 96, 4 heads, 3 layers, context 64). */
const source = (
  layer: string,
): string => `import std.attention.{CausalSelfAttention, MixtureOfAttention}
import std.ffn.{MLP}
model Bench {
  input tokens: int[batch, 64]
  embed TokenEmbedding(256, 96) + LearnedPositions(64, 96)
  repeat 3 {
    residual(pre, layernorm) { ${layer} }
    residual(pre, layernorm) { MLP(96, 384) }
  }
  norm layernorm
  head tied
}
`;

const VARIANTS = [
  ["attention", "CausalSelfAttention(96, 4)"],
  ["MoA 4 experts, shared K/V", "MixtureOfAttention(96, 4, experts: 4)"],
  ["MoA 4 experts, own K/V", "MixtureOfAttention(96, 4, experts: 4, shared_kv: false)"],
] as const;

export const benchmark: Benchmark = {
  name: "moa",
  title: "Mixture of attention (BAM): training and decoding speed (wasm)",
  order: 27,
  description:
    "A 3-layer Pre-LN model (d 96, 4 heads, context 64) with CausalSelfAttention or MixtureOfAttention " +
    `(4 experts, shared or own K/V): training tokens per CPU-second on a fixed batch of ${BATCH} (variants ` +
    `interleaved per round) and greedy decoding of ${DECODE} tokens with the KV cache (random weights, ` +
    "tokens/s, median of repeats).",
  async run(ctx) {
    await useBackend("wasm");
    const rounds = ctx.quick ? 1 : 3;
    const models = [];
    for (const [name, layer] of VARIANTS) {
      const slug = name.replace(/\W+/g, "-");
      models.push({
        name,
        model: await loadCompiled(writeSpec(`moa-${slug}`, source(layer)), join("moa", slug)),
      });
    }
    const timed: Timed[] = models.map((m) => ({
      name: m.name,
      stepper: programStepper(m.model, BATCH),
      tps: [],
    }));
    for (const t of timed) await t.stepper.step(); // warm-up
    await timeRounds(timed, rounds, 1, "moa", ctx.log);
    const rows: BenchRow[] = [];
    const base = stats(timed[0]!.tps).median;
    for (const t of timed) {
      const s = stats(t.tps);
      rows.push({
        name: `${t.name}, training`,
        value: s.median,
        unit: "tokens/CPU-s",
        spread: spread(s),
        ratio: `${fmt(s.median / base)}× attention`,
        note: `${models.find((m) => m.name === t.name)!.model.meta.paramCount.toLocaleString("en-US")} parameters`,
      });
      t.stepper.dispose();
    }
    let decodeBase = 0;
    for (const { name, model } of models) {
      const params = createParams(model.params, 1);
      const xs: number[] = [];
      for (let i = 0; i <= rounds; i++) {
        const t0 = performance.now();
        await generate(model, params, [10], { tokens: DECODE, temperature: 0, cache: true });
        if (i > 0) xs.push(DECODE / ((performance.now() - t0) / 1000)); // the first is a warm-up
      }
      disposeParams(params);
      const s = stats(xs);
      if (decodeBase === 0) decodeBase = s.median;
      rows.push({
        name: `${name}, KV-cached decoding`,
        value: s.median,
        unit: "tokens/s",
        spread: spread(s),
        ratio: `${fmt(s.median / decodeBase)}× attention`,
      });
    }
    return rows;
  },
};
