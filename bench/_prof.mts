import * as tf from "@tensorflow/tfjs";
import { useBackend } from "./backends.ts";
import { enableWasmMatmul } from "../runtime/kernels/wasm-matmul.ts";
import { createGpt, makeTrainer, randomBatch, DEFAULT_GPT } from "./hand-written/gpt.ts";
await useBackend(process.argv[2] ?? "cpu-fast");
if (process.argv[3] === "wasmmm") await enableWasmMatmul();
const gpt = createGpt(DEFAULT_GPT);
const tr = makeTrainer(gpt);
const { x, y } = randomBatch(DEFAULT_GPT);
tr.step(x, y);
tr.step(x, y);
const c0 = process.cpuUsage();
const prof = await tf.profile(() => {
  tr.step(x, y);
});
const cu = process.cpuUsage(c0);
const by = new Map<string, [number, number]>();
let total = 0;
for (const k of prof.kernels) {
  const t = Number(k.kernelTimeMs);
  total += t;
  const e = by.get(k.name) ?? [0, 0];
  e[0] += t;
  e[1]++;
  by.set(k.name, e);
}
console.log(
  "kernels",
  prof.kernels.length,
  "total kernel wall ms",
  total.toFixed(0),
  "cpu ms",
  ((cu.user + cu.system) / 1000).toFixed(0),
);
for (const [n, [t, c]] of [...by].sort((a, b) => b[1][0] - a[1][0]).slice(0, 16))
  console.log(n.padEnd(22), t.toFixed(1).padStart(8), c);
const c1 = process.cpuUsage();
for (let i = 0; i < 3; i++) tr.step(x, y);
const cu1 = process.cpuUsage(c1);
console.log("step cpu ms", ((cu1.user + cu1.system) / 3000).toFixed(0));
