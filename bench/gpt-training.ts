// Training throughput of the hand-written reference GPT (bench/hand-written/gpt.ts, the default
// small byte-level configuration) on stock `cpu`, `wasm` and `cpu-fast` (cpu + runtime/kernels).
// Rounds interleave the backends so that load from other processes hits all of them alike; each
// backend keeps its own model, optimizer and fixed batch, warmed up by one untimed step. Ratios are
// computed per round and summarised over rounds.
import * as tf from "../runtime/tf.ts";
import { disableWasmMatmul, enableWasmMatmul } from "../runtime/kernels/wasm-matmul.ts";
import { useBackend } from "./backends.ts";
import {
  createGpt,
  DEFAULT_GPT,
  makeTrainer,
  randomBatch,
  type GptConfig,
} from "./hand-written/gpt.ts";
import { fmt, spread, stats, timeIt, type Benchmark, type BenchRow } from "./types.ts";

interface Runner {
  label: string;
  backend: string;
  steps: number;
  samples: number[];
  wall: number[];
  /** Run around this runner's steps (e.g. switch the wasm matmul delegate on and off). */
  wasmMatmul?: boolean;
  step?: () => number;
}

export const benchmark: Benchmark = {
  name: "gpt-training",
  title: "Training throughput, hand-written GPT (tokens/s)",
  order: 10,
  description:
    `Hand-written tfjs GPT (bench/hand-written/gpt.ts): vocab ${DEFAULT_GPT.vocab}, d ${DEFAULT_GPT.d}, ` +
    `${DEFAULT_GPT.heads} heads, ${DEFAULT_GPT.layers} layers, context ${DEFAULT_GPT.ctx}, batch ${DEFAULT_GPT.batch}; ` +
    "one Adam step (tf.variableGrads + applyGradients) on a fixed batch, timed to the loss value. " +
    "Embedding gradient as a one-hot matmul (customGrad) unless noted. `cpu-fast` is the stock cpu backend " +
    "with runtime/kernels' replacements. Backends are interleaved in rounds; ratios are per round. Throughput is " +
    "tokens per CPU-second of this process (all backends run one thread; on a busy shared machine this is close " +
    "to tokens/s on an idle core), with the wall-clock figure in the note.",
  async run(ctx) {
    const rounds = ctx.quick ? 1 : 3;
    const runners: Runner[] = [
      { label: "stock cpu", backend: "cpu", steps: 1, samples: [], wall: [] },
      { label: "wasm", backend: "wasm", steps: ctx.quick ? 1 : 2, samples: [], wall: [] },
      { label: "cpu-fast", backend: "cpu-fast", steps: ctx.quick ? 1 : 3, samples: [], wall: [] },
      {
        label: "cpu-fast, gather embedding (scatter-add gradient)",
        backend: "cpu-fast",
        steps: ctx.quick ? 1 : 2,
        samples: [],
        wall: [],
      },
      {
        label: "cpu-fast + wasm matmul (opt-in, XNNPACK)",
        backend: "cpu-fast",
        steps: ctx.quick ? 1 : 4,
        samples: [],
        wall: [],
        wasmMatmul: true,
      },
    ];
    const enter = async (r: Runner): Promise<void> => {
      await useBackend(r.backend);
      if (r.wasmMatmul === true) {
        if (!(await enableWasmMatmul())) throw new Error("wasm matmul delegate did not start");
      } else disableWasmMatmul();
    };
    const tokens = DEFAULT_GPT.batch * DEFAULT_GPT.ctx;
    const cleanups: (() => void)[] = [];
    for (const r of runners) {
      await enter(r);
      const cfg: GptConfig = r.label.includes("gather")
        ? { ...DEFAULT_GPT, embedding: "gather" }
        : DEFAULT_GPT;
      const gpt = createGpt(cfg);
      const trainer = makeTrainer(gpt);
      const { x, y } = randomBatch(cfg);
      r.step = () => trainer.step(x, y);
      cleanups.push(() => {
        trainer.dispose();
        gpt.dispose();
        tf.dispose([x, y]);
      });
      const t0 = performance.now();
      r.step(); // warm-up: JIT, optimizer state, masks
      ctx.log(`${r.label}: warm-up step ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    }
    const ratios = {
      fastWasm: [] as number[],
      fastCpu: [] as number[],
      wasmCpu: [] as number[],
      hybridWasm: [] as number[],
    };
    for (let round = 0; round < rounds; round++) {
      const perRound = new Map<string, number>();
      for (const r of runners) {
        await enter(r);
        const t = timeIt(() => {
          for (let s = 0; s < r.steps; s++) r.step!();
        });
        const tps = (tokens * r.steps) / t.cpu;
        r.samples.push(tps);
        r.wall.push((tokens * r.steps) / t.wall);
        perRound.set(r.label, tps);
        ctx.log(
          `round ${round + 1}/${rounds} ${r.label}: ${fmt(tps)} tokens/CPU-s, ${fmt((tokens * r.steps) / t.wall)} tokens/s wall`,
        );
      }
      const cpu = perRound.get("stock cpu")!,
        wasm = perRound.get("wasm")!,
        fast = perRound.get("cpu-fast")!;
      ratios.fastWasm.push(fast / wasm);
      ratios.fastCpu.push(fast / cpu);
      ratios.wasmCpu.push(wasm / cpu);
      ratios.hybridWasm.push(perRound.get(runners[4]!.label)! / wasm);
    }
    disableWasmMatmul();
    for (const c of cleanups) c();
    const ratio = (xs: number[], what: string): string => {
      const s = stats(xs);
      return `${fmt(s.median)}× ${what}` + (s.n > 1 ? ` (${fmt(s.min)}–${fmt(s.max)})` : "");
    };
    const row = (r: Runner, ratioText?: string): BenchRow => {
      const s = stats(r.samples);
      return {
        name: `hand-written GPT, ${r.label}`,
        value: s.median,
        unit: "tokens/CPU-s",
        spread: spread(s),
        ...(ratioText !== undefined ? { ratio: ratioText } : {}),
        note: `wall clock ${fmt(stats(r.wall).median)} tokens/s (${spread(stats(r.wall))}); ${r.steps} step(s) per round`,
      };
    };
    return [
      row(runners[0]!, "1× stock cpu"),
      row(runners[1]!, ratio(ratios.wasmCpu, "stock cpu")),
      row(runners[2]!, `${ratio(ratios.fastWasm, "wasm")}; ${ratio(ratios.fastCpu, "stock cpu")}`),
      row(runners[3]!),
      row(runners[4]!, ratio(ratios.hybridWasm, "wasm")),
    ];
  },
};
