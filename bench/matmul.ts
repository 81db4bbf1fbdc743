// Raw matrix-product throughput per backend, in GFLOP/s (2·M·N·K per product), timed to dataSync:
// 1024×1024 · 1024×1024, the GPT's MLP shape 1024×128 · 128×512, and the weight-gradient product
// (1024×128)ᵀ · 1024×512 (wasm uses XNNPACK only for untransposed 2-D products). Backends take
// turns product by product (rounds), so that load from other processes hits them alike; the ratio
// to wasm is computed per round. Then attention's batched product on wasm, stock against the
// per-matrix kernel of runtime/kernels/wasm-batch-matmul.ts.
import * as tf from "../runtime/tf.ts";
import { batchMatMul } from "../runtime/kernels/wasm-batch-matmul.ts";
import { disableWasmMatmul, enableWasmMatmul } from "../runtime/kernels/wasm-matmul.ts";
import { useBackend } from "./backends.ts";
import { fmt, spread, stats, timeIt, type Benchmark, type BenchRow } from "./types.ts";

const BACKENDS = ["cpu", "wasm", "cpu-fast", "cpu-fast + wasm matmul"] as const;

/** Activates a column's backend; the last one is cpu-fast with the opt-in wasm matmul delegate. */
async function enter(b: string): Promise<void> {
  await useBackend(b.startsWith("cpu-fast") ? "cpu-fast" : b);
  if (b.includes("wasm matmul")) await enableWasmMatmul();
  else disableWasmMatmul();
}
/** ta: A is stored [K, M] and transposed (the weight-gradient product xᵀ·dy of a linear layer). */
const SHAPES: { M: number; N: number; K: number; rounds: number; ta?: boolean }[] = [
  { M: 1024, N: 1024, K: 1024, rounds: 3 },
  { M: 1024, N: 512, K: 128, rounds: 7 },
  { M: 128, N: 512, K: 1024, rounds: 7, ta: true },
];

export const benchmark: Benchmark = {
  name: "matmul",
  title: "Matrix product (GFLOP/s)",
  order: 20,
  description:
    "tf.matMul of random float32 matrices M×K · K×N on each backend, one untimed warm-up product " +
    "each, then rounds of one timed product per backend (timed to dataSync); GFLOP/s = 2·M·N·K / CPU time of " +
    "this process (see the training section on why CPU time).",
  async run(ctx) {
    const rows: BenchRow[] = [];
    for (const { M, N, K, rounds, ta = false } of SHAPES) {
      const inputs = new Map<string, [tf.Tensor, tf.Tensor]>();
      const samples = new Map<string, number[]>(BACKENDS.map((b) => [b, []]));
      const vsWasm = new Map<string, number[]>(BACKENDS.map((b) => [b, []]));
      for (const b of BACKENDS) {
        await enter(b);
        const pair: [tf.Tensor, tf.Tensor] = [
          tf.randomNormal(ta ? [K, M] : [M, K]),
          tf.randomNormal([K, N]),
        ];
        inputs.set(b, pair);
        tf.tidy(() => tf.matMul(pair[0], pair[1], ta).dataSync());
      }
      for (let r = 0; r < (ctx.quick ? 1 : rounds); r++) {
        const round = new Map<string, number>();
        for (const b of BACKENDS) {
          await enter(b);
          const [a, bm] = inputs.get(b)!;
          const t = timeIt(() => tf.tidy(() => void tf.matMul(a, bm, ta).dataSync()));
          const gflops = (2 * M * N * K) / t.cpu / 1e9;
          samples.get(b)!.push(gflops);
          round.set(b, gflops);
        }
        for (const b of BACKENDS) vsWasm.get(b)!.push(round.get(b)! / round.get("wasm")!);
      }
      for (const b of BACKENDS) {
        await enter(b);
        tf.dispose(inputs.get(b)!);
        const s = stats(samples.get(b)!);
        const rs = stats(vsWasm.get(b)!);
        ctx.log(
          `${ta ? "(" + K + "×" + M + ")ᵀ" : M + "×" + K}·${K}×${N} ${b}: ${fmt(s.median)} GFLOP/s`,
        );
        rows.push({
          name: `${ta ? `(${K}×${M})ᵀ` : `${M}×${K}`} · ${K}×${N}, ${b === "cpu" ? "stock cpu" : b}`,
          value: s.median,
          unit: "GFLOP/s",
          spread: spread(s),
          ...(b !== "wasm"
            ? { ratio: `${fmt(rs.median)}× wasm (${fmt(rs.min)}–${fmt(rs.max)})` }
            : {}),
        });
      }
    }
    disableWasmMatmul();
    rows.push(...(await batchedOnWasm(ctx.quick ? 1 : 7, ctx.log)));
    return rows;
  },
};

/**
 * Attention's batched product on wasm, [64, 64, 32]·[64, 32, 64] (batch 16 × 4 heads, context 64,
 * head size 32): stock tf.matMul against the per-matrix XNNPACK kernel the fused attention uses.
 */
async function batchedOnWasm(rounds: number, log: (s: string) => void): Promise<BenchRow[]> {
  const [B, M, K, N] = [64, 64, 32, 64];
  await useBackend("wasm");
  const a = tf.randomNormal([B, M, K]) as tf.Tensor3D;
  const b = tf.randomNormal([B, K, N]) as tf.Tensor3D;
  const variants = {
    "tf.matMul": () => tf.matMul(a, b),
    "per-matrix XNNPACK kernel": () => batchMatMul(a, b),
  };
  const samples = new Map<string, number[]>(Object.keys(variants).map((k) => [k, []]));
  const ratios: number[] = [];
  const ten = (f: () => tf.Tensor) => () => {
    for (let i = 0; i < 10; i++) tf.tidy(() => void f().dataSync());
  };
  for (const f of Object.values(variants)) ten(f)(); // warm-up
  for (let r = 0; r < rounds; r++) {
    const round: number[] = [];
    for (const [name, f] of Object.entries(variants)) {
      const gflops = (10 * 2 * B * M * N * K) / timeIt(ten(f)).cpu / 1e9;
      samples.get(name)!.push(gflops);
      round.push(gflops);
    }
    ratios.push(round[1]! / round[0]!);
  }
  tf.dispose([a, b]);
  const rs = stats(ratios);
  return [...samples].map(([name, xs], i) => {
    const s = stats(xs);
    log(`batched ${B}×[${M}×${K}·${K}×${N}] wasm ${name}: ${fmt(s.median)} GFLOP/s`);
    return {
      name: `${B} × (${M}×${K} · ${K}×${N}) batched, wasm, ${name}`,
      value: s.median,
      unit: "GFLOP/s",
      spread: spread(s),
      ...(i === 1 ? { ratio: `${fmt(rs.median)}× tf.matMul (${fmt(rs.min)}–${fmt(rs.max)})` } : {}),
    };
  });
}
