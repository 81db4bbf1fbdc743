// A linear followed by gelu, gelu_tanh or silu on native, by hand (not part of `npm run bench`):
//   npx tsx bench/_linear-act.ts [gelu|gelu_tanh|silu] [fwd]
// CPU ms per call (median of 60 alternating rounds, read back) of fusedLinear with the activation
// (ArchcLinearActFwd/Bwd: bias + activation in one pass, dz and the bias gradient in one pass)
// against linear then the activation op (_FusedMatMul with the bias Add, ArchcActFwd/Bwd, a Sum),
// both with the fused kernels on, at the GPT MLP's up-projection: x [1024, 128] · W [128, 512] + b.
import * as tf from "../runtime/tf.ts";
import { activation } from "../runtime/ops/activations.ts";
import { fusedLinear } from "../runtime/ops/fused.ts";
import { linear } from "../runtime/ops/linear.ts";
import { useNative } from "./backends.ts";

const op = (process.argv[2] ?? "gelu_tanh") as "gelu" | "gelu_tanh" | "silu";
const forwardOnly = process.argv[3] === "fwd";
tf.env().set("PROD", true);
const addon = await useNative();
if (Array.isArray(addon)) throw new Error("the native addon is not built");
addon.setThreads(1);
const x = tf.randomNormal([1024, 128], 0, 1, "float32", 1);
const w = tf.randomNormal([128, 512], 0, 0.1, "float32", 2);
const b = tf.randomNormal([512], 0, 1, "float32", 3);
const dy = tf.randomNormal([1024, 512], 0, 1, "float32", 4);
type Layer = (a: tf.Tensor, k: tf.Tensor, c: tf.Tensor) => tf.Tensor;
const variants: [string, Layer][] = [
  ["fusedLinear", (a, k, c) => fusedLinear(a, [k], [c], { activation: op })],
  ["linear + activation", (a, k, c) => activation(op)(linear(a, k, c))],
];

function once(f: Layer): void {
  tf.tidy(() => {
    if (forwardOnly) f(x, w, b).dataSync();
    else for (const g of tf.grads(f)([x, w, b], dy)) g.dataSync();
  });
}

const times = variants.map((): number[] => []);
for (let i = 0; i < 5; i++) for (const [, f] of variants) once(f); // warm-up
for (let r = 0; r < 60; r++)
  variants.forEach(([, f], i) => {
    const c0 = process.cpuUsage();
    once(f);
    const c = process.cpuUsage(c0);
    times[i]!.push((c.user + c.system) / 1000);
  });
const median = (a: number[]): number => [...a].sort((p, q) => p - q)[a.length >> 1]!;
const [fused, separate] = times.map(median) as [number, number];
console.log(
  `${op} ${forwardOnly ? "forward" : "forward + backward"}: fusedLinear ${fused.toFixed(2)} ms, ` +
    `linear + activation ${separate.toFixed(2)} ms (${(separate / fused).toFixed(2)}×)`,
);
