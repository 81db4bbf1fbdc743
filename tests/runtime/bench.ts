// Throughput of a small GPT built from runtime ops (tfjs-facts.md's reference model: vocab 256,
// d 128, 4 heads, 2 layers, context 64, batch 16): one AdamW step per iteration on a fixed batch.
// Run: npx tsx tests/runtime/bench.ts [cpu|wasm|webgpu] [steps]
import * as tf from "../../runtime/tf.ts";
import {
  adamw,
  attend,
  createParams,
  crossEntropy,
  decayNames,
  embed,
  gelu,
  layerNorm,
  linear,
  positions,
  selectBackend,
  type ParamInit,
  type Params,
} from "../../runtime/index.ts";
import { trainStep } from "./helpers.ts";

const V = 256,
  D = 128,
  H = 4,
  L = 2,
  T = 64,
  B = 16;

function gptParams(): ParamInit[] {
  const n = (name: string, shape: number[], decay = true): ParamInit => ({
    name,
    shape,
    init: { kind: "normal", std: 0.02 },
    decay,
  });
  const c = (name: string, d: number, kind: "ones" | "zeros"): ParamInit => ({
    name,
    shape: [d],
    init: { kind },
    decay: false,
  });
  const ps = [n("tok", [V, D], false), n("pos", [T, D], false)];
  for (let l = 0; l < L; l++) {
    const b = `blocks.${l}`;
    ps.push(
      c(`${b}.ln1.s`, D, "ones"),
      c(`${b}.ln1.b`, D, "zeros"),
      n(`${b}.qkv`, [D, 3 * D]),
      c(`${b}.qkv.b`, 3 * D, "zeros"),
    );
    ps.push(
      n(`${b}.o`, [D, D]),
      c(`${b}.o.b`, D, "zeros"),
      c(`${b}.ln2.s`, D, "ones"),
      c(`${b}.ln2.b`, D, "zeros"),
    );
    ps.push(
      n(`${b}.fc1`, [D, 4 * D]),
      c(`${b}.fc1.b`, 4 * D, "zeros"),
      n(`${b}.fc2`, [4 * D, D]),
      c(`${b}.fc2.b`, D, "zeros"),
    );
  }
  ps.push(c("lnf.s", D, "ones"), c("lnf.b", D, "zeros"), n("head", [D, V]));
  return ps;
}

function forward(p: Params, tokens: tf.Tensor2D): tf.Tensor {
  const g = (k: string): tf.Variable => p.get(k)!;
  let x = tf.add(embed(tokens, g("tok")), positions(T, g("pos")));
  for (let l = 0; l < L; l++) {
    const b = `blocks.${l}`;
    const [q, k, v] = tf.split(
      linear(layerNorm(x, g(`${b}.ln1.s`), g(`${b}.ln1.b`), 1e-5), g(`${b}.qkv`), g(`${b}.qkv.b`)),
      3,
      -1,
    );
    x = tf.add(x, linear(attend(q!, k!, v!, { heads: H }), g(`${b}.o`), g(`${b}.o.b`)));
    const h = gelu(
      linear(layerNorm(x, g(`${b}.ln2.s`), g(`${b}.ln2.b`), 1e-5), g(`${b}.fc1`), g(`${b}.fc1.b`)),
    );
    x = tf.add(x, linear(h, g(`${b}.fc2`), g(`${b}.fc2.b`)));
  }
  return linear(layerNorm(x, g("lnf.s"), g("lnf.b"), 1e-5), g("head"));
}

const backend = process.argv[2] ?? "wasm";
const steps = Number(process.argv[3] ?? 5);
await selectBackend(backend);
const inits = gptParams();
const params = createParams(inits, 0);
const data = new Int32Array(B * (T + 1)).map((_, i) => (i * 31 + (i >> 6)) % V);
const xs = tf.tensor2d(
  Array.from({ length: B }, (_, b) => [...data.slice(b * (T + 1), b * (T + 1) + T)]),
  [B, T],
  "int32",
);
const ys = tf.tensor2d(
  Array.from({ length: B }, (_, b) => [...data.slice(b * (T + 1) + 1, (b + 1) * (T + 1))]),
  [B, T],
  "int32",
);
const opt = adamw({ lr: 1e-3, decay: decayNames(inits) });
const loss = (): tf.Scalar => tf.tidy(() => crossEntropy(forward(params, xs), ys));
const first = trainStep(params, loss, opt, 1e-3); // warm-up
const t0 = performance.now();
let last = first;
for (let i = 0; i < steps; i++) last = trainStep(params, loss, opt, 1e-3);
const secs = (performance.now() - t0) / 1000;
const count = inits.reduce((s, q) => s + q.shape.reduce((a, c) => a * c, 1), 0);
console.log(
  `${tf.getBackend()}: ${count} params, loss ${first.toFixed(3)} → ${last.toFixed(3)}, ` +
    `${((steps * B * T) / secs).toFixed(0)} tokens/s (${((secs / steps) * 1000).toFixed(0)} ms/step), tensors ${tf.memory().numTensors}`,
);

if (process.env.PROFILE === "1") {
  const info = await tf.profile(() => {
    trainStep(params, loss, opt, 1e-3);
  });
  const by = new Map<string, { ms: number; n: number }>();
  for (const k of info.kernels) {
    const ms = typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0;
    const e = by.get(k.name) ?? { ms: 0, n: 0 };
    by.set(k.name, { ms: e.ms + ms, n: e.n + 1 });
  }
  if (process.env.SHAPES === "1") {
    const sh = new Map<string, { ms: number; n: number }>();
    for (const k of info.kernels) {
      if (!/MatMul|Sum|Transpose/.test(k.name)) continue;
      const key = `${k.name} ${JSON.stringify(k.inputShapes)}`;
      const e = sh.get(key) ?? { ms: 0, n: 0 };
      sh.set(key, {
        ms: e.ms + (typeof k.kernelTimeMs === "number" ? k.kernelTimeMs : 0),
        n: e.n + 1,
      });
    }
    for (const [key, e] of [...sh].sort((a, b) => b[1].ms - a[1].ms).slice(0, 20))
      console.log(`${e.ms.toFixed(1).padStart(7)} ms ${e.n}× ${key}`);
  }
  const rows = [...by].sort((a, b) => b[1].ms - a[1].ms).slice(0, 15);
  for (const [name, e] of rows)
    console.log(
      `${name.padEnd(24)} ${e.ms.toFixed(0).padStart(6)} ms ${String(e.n).padStart(5)} calls`,
    );
  console.log(`kernel calls: ${info.kernels.length}`);
}
