// The fused native kernels (runtime/kernels/native/fused-*.ts) one by one, at the small GPT's sizes
// (batch 16, context 64, d 128, 4 heads, MLP 512, vocab 256): forward + backward (tf.grads) on the
// native backend with the fused kernels, and with ARCHC_NATIVE_FUSED=off (the composed tfjs ops,
// each op already a native kernel). The two take turns call by call (rounds); ratios per round.
import * as tf from "../runtime/tf.ts";
import { gelu, geluTanh } from "../runtime/ops/activations.ts";
import { fusedAttention } from "../runtime/ops/attention-fused.ts";
import { fusedLinear } from "../runtime/ops/fused.ts";
import { crossEntropy } from "../runtime/ops/loss.ts";
import { layerNorm } from "../runtime/ops/norms.ts";
import { setNativeFused, useNative } from "./backends.ts";
import { fmt, pairedRows, stats, timeIt, type Benchmark, type BenchRow } from "./types.ts";

interface Case {
  name: string;
  /** Builds the inputs (kept) and the function whose value and gradients are timed. */
  make: () => { inputs: tf.Tensor[]; f: (...xs: tf.Tensor[]) => tf.Scalar };
}

const [B, T, H, dh, d, mlp, V] = [16, 64, 4, 32, 128, 512, 256];
const randn = (shape: number[]): tf.Tensor => tf.randomNormal(shape, 0, 1, "float32", 7);

const CASES: Case[] = [
  {
    name: `attention core, causal, q/k/v [${B * H}, ${T}, ${dh}]`,
    make: () => ({
      inputs: [randn([B * H, T, dh]), randn([B * H, T, dh]), randn([B * H, T, dh])],
      f: (q, k, v) =>
        tf.sum(fusedAttention(q as tf.Tensor3D, k as tf.Tensor3D, v as tf.Tensor3D, B, H, H, true)),
    }),
  },
  {
    name: `cross-entropy, logits [${B * T}, ${V}]`,
    make: () => {
      const y = tf.tensor1d(
        Array.from({ length: B * T }, (_, i) => (i * 7) % V),
        "int32",
      );
      return { inputs: [randn([B * T, V])], f: (l) => crossEntropy(l!, y) };
    },
  },
  {
    name: `layerNorm, x [${B * T}, ${d}]`,
    make: () => ({
      inputs: [randn([B * T, d]), tf.ones([d]), tf.zeros([d])],
      f: (x, s, b) => tf.sum(tf.square(layerNorm(x!, s!, b))),
    }),
  },
  {
    name: `gelu, x [${B * T}, ${mlp}]`,
    make: () => ({ inputs: [randn([B * T, mlp])], f: (x) => tf.sum(gelu(x!)) }),
  },
  {
    name: `gelu_tanh, x [${B * T}, ${mlp}]`,
    make: () => ({ inputs: [randn([B * T, mlp])], f: (x) => tf.sum(geluTanh(x!)) }),
  },
  {
    name: `linear + gelu_tanh, x [${B * T}, ${d}] · W [${d}, ${mlp}] + b`,
    make: () => ({
      inputs: [randn([B * T, d]), randn([d, mlp]), randn([mlp])],
      f: (x, w, b) => tf.sum(fusedLinear(x!, [w!], [b!], { activation: "gelu_tanh" })),
    }),
  },
  {
    name: `linear + silu (no bias), x [${B * T}, ${d}] · W [${d}, ${mlp}]`,
    make: () => ({
      inputs: [randn([B * T, d]), randn([d, mlp])],
      f: (x, w) => tf.sum(fusedLinear(x!, [w!], null, { activation: "silu" })),
    }),
  },
];

const VARIANTS = ["fused", "composed"] as const;

/** Value and every gradient, read back (so the timing covers the whole computation). */
function once(f: Case["make"] extends () => infer R ? R : never): void {
  tf.tidy(() => {
    const g = tf.grads(f.f)(f.inputs);
    for (const t of g) t.dataSync();
  });
}

export const benchmark: Benchmark = {
  name: "native-fused",
  title: "Fused native kernels vs the composed ops (native backend)",
  order: 13,
  description:
    "Forward + backward (tf.grads, read back) of each op with a fused native kernel pair " +
    "(runtime/kernels/native/fused-*.ts), on the native backend at the small GPT's sizes, against the " +
    "same op with ARCHC_NATIVE_FUSED=off (the composed tfjs ops, whose kernels are the native backend's " +
    "own). ms = CPU milliseconds per call (1 BLAS thread); the variants alternate call by call; ratios " +
    "per round. Peak: tf.profile peakBytes of one call beyond its inputs.",
  async run(ctx) {
    const addon = await useNative();
    if (Array.isArray(addon)) return addon;
    const threads0 = addon.setThreads(0);
    addon.setThreads(1);
    const rounds = ctx.quick ? 3 : 15;
    const rows: BenchRow[] = [];
    for (const c of CASES) {
      const made = c.make();
      const ms = new Map<string, number[]>(VARIANTS.map((v) => [v, []]));
      const peak = new Map<string, number>();
      for (const v of VARIANTS) {
        setNativeFused(v === "fused");
        once(made); // warm-up: kernel registration, pool
        const info = await tf.profile(() => once(made));
        peak.set(v, (info.peakBytes - info.newBytes) / 2 ** 20);
      }
      for (let r = 0; r < rounds; r++)
        for (const v of VARIANTS) {
          setNativeFused(v === "fused");
          ms.get(v)!.push(timeIt(() => once(made)).cpu * 1000);
        }
      const [fused, composed] = VARIANTS.map((v) => ms.get(v)!);
      ctx.log(
        `${c.name}: fused ${fmt(stats(fused!).median)} ms, composed ${fmt(stats(composed!).median)} ms`,
      );
      rows.push(
        ...pairedRows(c.name, ms, VARIANTS, "composed", (v) => `peak ${fmt(peak.get(v)!)} MiB`),
      );
      tf.dispose(made.inputs);
    }
    setNativeFused(true);
    addon.setThreads(threads0);
    return rows;
  },
};
