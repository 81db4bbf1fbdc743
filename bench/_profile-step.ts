// Per-kernel profile of one training step of a generated program (not a benchmark; run by hand):
//   npx tsx bench/_profile-step.ts [backend] [small|gpt|gemm]
// Prints, per kernel name, the call count and total kernel time of one step (tf.profile), sorted by time.
import * as tf from "@tensorflow/tfjs";
import { DEFAULT_GPT } from "./hand-written/gpt.ts";
import { gptSpec, loadCompiled, programStepper, writeSpec } from "./optimizer-programs.ts";
import { useBackend } from "./backends.ts";

const backend = process.argv[2] ?? "cpu-fast";
const which = process.argv[3] ?? "small";
tf.env().set("PROD", true);
await useBackend(backend);
const file =
  which === "gpt" ? "examples/gpt.arch" : writeSpec("profile-small", gptSpec(DEFAULT_GPT));
const model = await loadCompiled(file, `profile-${which}`);
const stepper = programStepper(model, which === "gpt" ? 16 : DEFAULT_GPT.batch);
await stepper.step();
await stepper.step();
const t0 = performance.now();
await stepper.step();
const ms = performance.now() - t0;
const info = await tf.profile(() => stepper.step());
const by = new Map<string, { n: number; ms: number }>();
for (const k of info.kernels) {
  const e = by.get(k.name) ?? { n: 0, ms: 0 };
  e.n++;
  e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
  by.set(k.name, e);
}
const rows = [...by].sort((a, b) => b[1].ms - a[1].ms);
const total = rows.reduce((s, [, e]) => s + e.ms, 0);
console.log(
  `${backend} ${which}: step ${ms.toFixed(0)} ms (${((stepper.tokens / ms) * 1000).toFixed(0)} tok/s), ` +
    `${info.kernels.length} kernel calls, ${total.toFixed(0)} ms in kernels, peak ${(info.peakBytes / 2 ** 20).toFixed(1)} MiB`,
);
for (const [name, e] of rows)
  console.log(`${name.padEnd(24)} ${String(e.n).padStart(5)} ${e.ms.toFixed(1).padStart(8)} ms`);
if (process.env["PROFILE_SHAPES"] !== undefined) {
  const shapes = new Map<string, { n: number; ms: number }>();
  for (const k of info.kernels) {
    if (!/MatMul/.test(k.name)) continue;
    const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
    const e = shapes.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    shapes.set(key, e);
  }
  for (const [key, e] of [...shapes].sort((a, b) => b[1].ms - a[1].ms))
    console.log(`${key.padEnd(60)} ${String(e.n).padStart(4)} ${e.ms.toFixed(1).padStart(8)} ms`);
}
stepper.dispose();
