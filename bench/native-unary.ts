// Speed of the native addon's exp, tanh, sigmoid and erf (native/src/vmath.h, branch-free and
// auto-vectorised) on 2^20 floats, against the stock cpu kernel (JS Math in a loop) and, when
// NATIVE_BASELINE_ADDON names another build of the addon (e.g. one with the std:: versions:
// `git worktree add /tmp/base <commit> && (cd /tmp/base && node native/install.mjs)`), against it.
import * as tf from "../runtime/tf.ts";
import { createRequire } from "node:module";
import { loadAddon, type NativeAddon } from "../runtime/kernels/native/addon.ts";
import { NATIVE_UNARY } from "../runtime/kernels/native/kernels.ts";
import { fmt, spread, stats, timeIt, type Benchmark, type BenchRow } from "./types.ts";

const N = 2 ** 20;
const OPS = ["Exp", "Tanh", "Sigmoid", "Erf"] as const;

/** Median CPU ms of `reps` calls (after one warm-up). */
function ms(fn: () => void, reps: number): { median: number; spread: string } {
  fn();
  const xs = Array.from({ length: reps }, () => timeIt(fn).cpu * 1000);
  return { median: stats(xs).median, spread: spread(stats(xs)) };
}

export const benchmark: Benchmark = {
  name: "native-unary",
  title: "Native unary kernels: vectorised exp, tanh, sigmoid, erf (ms per 2^20 floats)",
  order: 13,
  description:
    "CPU ms of one addon.unary call on 2^20 float32 values uniform in [-6, 6] (native/src/vmath.h: " +
    "polynomials and selects the compiler vectorises, within 2 ulp), against the stock cpu backend's kernel " +
    "(tf.exp etc. on `cpu`: JS Math per element) and, when NATIVE_BASELINE_ADDON is set, another build of " +
    "the addon (the std:: versions before vmath.h). Medians of 15 calls.",
  async run(ctx) {
    const addon = loadAddon();
    if (typeof addon === "string")
      return [{ name: "native backend", value: NaN, unit: "", note: `skipped: ${addon}` }];
    const basePath = process.env["NATIVE_BASELINE_ADDON"];
    const base =
      basePath === undefined
        ? undefined
        : (createRequire(import.meta.url)(basePath) as NativeAddon);
    const reps = ctx.quick ? 5 : 15;
    const x = Float32Array.from({ length: N }, (_, i) => ((i * 7919) % 12001) / 1000 - 6);
    const out = new Float32Array(N);
    await tf.setBackend("cpu");
    const xt = tf.tensor1d(x);
    const rows: BenchRow[] = [];
    for (const op of OPS) {
      const code = NATIVE_UNARY.indexOf(op);
      const ours = ms(() => void addon.unary(code, x, out), reps);
      const stockFn = { Exp: tf.exp, Tanh: tf.tanh, Sigmoid: tf.sigmoid, Erf: tf.erf }[op];
      const stock = ms(() => tf.dispose(stockFn(xt)), reps);
      const ratio = [`speed-up ${fmt(stock.median / ours.median)}× over stock cpu`];
      if (base !== undefined) {
        const b = ms(() => void base.unary(code, x, out), reps);
        ratio.push(`${fmt(b.median / ours.median)}× over the baseline addon (${fmt(b.median)} ms)`);
      }
      ctx.log(`${op}: ${fmt(ours.median)} ms (stock cpu ${fmt(stock.median)} ms)`);
      rows.push({
        name: `${op}, native (vmath.h)`,
        value: ours.median,
        unit: "ms",
        spread: ours.spread,
        ratio: ratio.join("; "),
        note: `stock cpu ${fmt(stock.median)} ms`,
      });
    }
    xt.dispose();
    return rows;
  },
};
