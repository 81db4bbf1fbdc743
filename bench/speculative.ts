// Speculative decoding (runtime/decode/speculative.ts) against plain greedy decoding on wasm: the
// target is examples/gpt.arch (random weights); the drafts are the target itself (every draft
// token accepted: the most a draft can give, at the price of a draft as large as the target) and
// a small random model (d 32, one layer: it agrees with the target by chance only). Rows: tokens/s,
// and tokens per target forward (accepted draft tokens + 1 per step).
import { createParams, disposeParams } from "../runtime/init.ts";
import { generate, speculate } from "../runtime/decode/index.ts";
import type { CompiledModel, Params } from "../runtime/model.ts";
import { useBackend } from "./backends.ts";
import { loadCompiled, writeSpec } from "./optimizer-programs.ts";
import { fmt, spread, stats, type Benchmark, type BenchRow } from "./types.ts";

const TOKENS = 64;
const KS = [2, 4];

const SMALL_DRAFT = `import std.transformer.{PreLNBlock}

model Draft {
  input tokens: int[batch, 64]
  embed TokenEmbedding(256, 32) + LearnedPositions(64, 32)
  repeat 1 { PreLNBlock(32, 2) }
  norm layernorm
  head tied
}
`;

export const benchmark: Benchmark = {
  name: "speculative",
  title: "Speculative decoding: draft + verify vs plain greedy (tokens/s, wasm)",
  description:
    `Greedy decoding of ${TOKENS} tokens after a one-token prompt on examples/gpt.arch (random ` +
    "weights, KV cache), plain and with `speculate` (K draft tokens per step, verified in one " +
    "target forward). Drafts: the target itself (all accepted: the upper bound on tokens per " +
    "forward, with a draft as costly as the target) and a random one-layer d 32 model (it agrees with " +
    "the random target only by chance, e.g. on repeated tokens). The outputs equal plain greedy " +
    "decoding's. Contenders interleaved in rounds; median of rounds; the ratio is against plain " +
    "greedy in the same run, with its range over rounds.",
  order: 61,
  async run(ctx) {
    await useBackend("wasm");
    const target = await loadCompiled("examples/gpt.arch", "speculative/gpt");
    const small = await loadCompiled(
      writeSpec("speculative-draft", SMALL_DRAFT),
      "speculative/draft",
    );
    const tp = createParams(target.params, 1);
    const sp = createParams(small.params, 2);
    const repeats = ctx.quick ? 1 : 5;
    const t = { model: target, params: tp };
    const drafts: [string, { model: CompiledModel; params: Params }][] = [
      ["the target itself", t],
      ["random d 32 × 1 layer", { model: small, params: sp }],
    ];
    // the contenders, run in rounds (load from other processes hits them alike); steps per run
    const cases: { name: string; run: () => Promise<number> }[] = [
      {
        name: "plain greedy, KV cache",
        run: async () => {
          await generate(target, tp, [10], { tokens: TOKENS, temperature: 0 });
          return TOKENS;
        },
      },
      ...drafts.flatMap(([label, draft]) =>
        KS.map((k) => ({
          name: `K ${k}, draft: ${label}`,
          run: async () =>
            (await speculate(t, draft, [10], { tokens: TOKENS, temperature: 0, speculate: k }))
              .steps,
        })),
      ),
    ];
    const rates = cases.map((): number[] => []);
    const steps = cases.map(() => 0);
    for (let round = 0; round <= repeats; round++) {
      ctx.log(`round ${round} of ${repeats} (round 0 warms up)`);
      for (const [i, c] of cases.entries()) {
        const t0 = performance.now();
        steps[i] = await c.run();
        if (round > 0) rates[i]!.push(TOKENS / ((performance.now() - t0) / 1000));
      }
    }
    const plain = stats(rates[0]!);
    const rows: BenchRow[] = cases.map((c, i) => {
      const s = stats(rates[i]!);
      const perRound = rates[i]!.map((r, j) => r / rates[0]![j]!);
      return {
        name: c.name,
        value: s.median,
        unit: "tokens/s",
        spread: spread(s),
        ...(i === 0
          ? {}
          : {
              ratio: `${fmt(s.median / plain.median)}× plain (${fmt(Math.min(...perRound))}–${fmt(Math.max(...perRound))} per round)`,
            }),
        note: `${(TOKENS / steps[i]!).toFixed(2)} tokens per target forward`,
      };
    });
    disposeParams(tp);
    disposeParams(sp);
    return rows;
  },
};
