// The optimizer step of a training step on the native backend — global-norm clipping (clip 1.0)
// and AdamW over every parameter of examples/gpt.arch — as one kernel call (AdamW.applyClipped,
// runtime/optim/adamw-all.ts) against the composed path (clipByGlobalNorm's Square, Sum, Add and
// Multiply per parameter, then one ArchcAdamWUpdate per parameter; ARCHC_NATIVE_FUSED=off). The two
// take turns step by step; ratios per round.
import * as tf from "../runtime/tf.ts";
import { disposeParams } from "../runtime/init.ts";
import { clipByGlobalNorm } from "../runtime/optim/clip.ts";
import { setNativeFused, useNative } from "./backends.ts";
import { loadCompiled } from "./optimizer-programs.ts";
import { trainingStart } from "./training-start.ts";
import { fmt, pairedRows, stats, timeIt, type Benchmark } from "./types.ts";

const VARIANTS = ["one call", "composed"] as const;

export const benchmark: Benchmark = {
  name: "native-optimizer",
  title: "Clipping + AdamW in one native kernel call vs the composed ops (examples/gpt.arch)",
  order: 14,
  description:
    "One optimizer step (global-norm clip 1.0, then AdamW with weight decay) over every parameter " +
    "of examples/gpt.arch on the native backend, with fixed random gradients (norm above 1: the " +
    "clipping scales): AdamW.applyClipped's single ArchcAdamWAll call (runtime/optim/adamw-all.ts) " +
    "against clipByGlobalNorm + AdamW.apply (ARCHC_NATIVE_FUSED=off; four kernels per parameter " +
    "for the clipping, one for its update). ms = CPU milliseconds per step, the norm read back; the " +
    "variants alternate step by step; ratios per round. Kernel calls: tf.profile of one step.",
  async run(ctx) {
    const native = await useNative();
    if (Array.isArray(native)) return native;
    const model = await loadCompiled("examples/gpt.arch", "native-optimizer");
    const { params, optimizer: opt } = trainingStart(model, 1); // the benchmarks' weights and AdamW
    const grads = new Map(
      [...params].map(([k, p]) => [k, tf.randomNormal(p.shape, 0, 0.01, "float32", 3)] as const),
    );
    const step = (): void => {
      const norm = tf.tidy(() => {
        const n = opt.applyClipped(params, grads, 1e-3, 1);
        if (n !== null) return n;
        const { grads: clipped, norm: composed } = clipByGlobalNorm(grads, 1);
        opt.apply(params, clipped, 1e-3);
        tf.dispose([...clipped.values()]);
        return composed;
      });
      norm.dataSync();
      norm.dispose();
    };
    const rounds = ctx.quick ? 5 : 25;
    const ms = new Map<string, number[]>(VARIANTS.map((v) => [v, []]));
    const calls = new Map<string, number>();
    for (const v of VARIANTS) {
      setNativeFused(v === "one call");
      step(); // warm-up: moments, kernel registration, pool
      calls.set(v, (await tf.profile(step)).kernels.length);
    }
    for (let r = 0; r < rounds; r++)
      for (const v of VARIANTS) {
        setNativeFused(v === "one call");
        ms.get(v)!.push(timeIt(step).cpu * 1000);
      }
    setNativeFused(true);
    const [one, composed] = VARIANTS.map((v) => ms.get(v)!);
    ctx.log(
      `optimizer step: one call ${fmt(stats(one!).median)} ms, composed ${fmt(stats(composed!).median)} ms`,
    );
    const rows = pairedRows(
      `${params.size} parameters`,
      ms,
      VARIANTS,
      "composed",
      (v) => `${calls.get(v)} kernel calls`,
    );
    tf.dispose([...grads.values()]);
    opt.dispose();
    disposeParams(params);
    return rows;
  },
};
