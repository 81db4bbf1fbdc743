// The hand-written tfjs reference GPT: the baseline generated code is compared against. A small
// byte-level GPT as the project's default (pre-LN blocks, learned positions, causal multi-head
// attention, GELU MLP 4×, tied input/output embedding, final LayerNorm), written the way a competent
// person writes tfjs by hand: plain ops on [B·T, d] matrices, tf.variableGrads + tf.train.adam.
// The token embedding is configurable: "customGrad" (default: gather forward, one-hot matmul
// gradient) and "onehot" train on every backend; "gather" needs UnsortedSegmentSum (not on wasm).
// Run alone: npx tsx bench/hand-written/gpt.ts [--backend cpu|cpu-fast|wasm] [--wasm-matmul] [--steps N]
import * as tf from "../../runtime/tf.ts";

export type EmbeddingKind = "customGrad" | "onehot" | "gather";

export interface GptConfig {
  readonly vocab: number;
  readonly d: number;
  readonly heads: number;
  readonly layers: number;
  readonly ctx: number;
  readonly batch: number;
  readonly lr: number;
  readonly embedding: EmbeddingKind;
  readonly seed: number;
}

/** The configuration of tfjs-facts.md's throughput table (about 435k parameters). */
export const DEFAULT_GPT: GptConfig = {
  vocab: 256,
  d: 128,
  heads: 4,
  layers: 2,
  ctx: 64,
  batch: 16,
  lr: 1e-3,
  embedding: "customGrad",
  seed: 1,
};

interface Block {
  ln1g: tf.Variable;
  ln1b: tf.Variable;
  wqkv: tf.Variable;
  bqkv: tf.Variable;
  wo: tf.Variable;
  bo: tf.Variable;
  ln2g: tf.Variable;
  ln2b: tf.Variable;
  w1: tf.Variable;
  b1: tf.Variable;
  w2: tf.Variable;
  b2: tf.Variable;
}

export interface Gpt {
  readonly config: GptConfig;
  readonly params: ReadonlyMap<string, tf.Variable>;
  readonly paramCount: number;
  /** tokens [B, T] int32 → logits [B·T, vocab]. */
  logits(tokens: tf.Tensor2D): tf.Tensor2D;
  /** Mean next-token cross-entropy. */
  loss(tokens: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar;
  dispose(): void;
}

export function createGpt(cfg: GptConfig): Gpt {
  const { vocab: V, d, heads: H, layers: L, ctx } = cfg;
  const params = new Map<string, tf.Variable>();
  let seed = cfg.seed;
  const v = (name: string, t: tf.Tensor): tf.Variable => {
    const x = tf.variable(t, true, `${name}_${cfg.seed}_${Math.random().toString(36).slice(2)}`);
    t.dispose();
    params.set(name, x);
    return x;
  };
  const normal = (name: string, shape: number[], std: number): tf.Variable =>
    v(name, tf.randomNormal(shape, 0, std, "float32", seed++));
  const projStd = 0.02 / Math.sqrt(2 * L);
  const wte = normal("wte", [V, d], 0.02);
  const wpe = normal("wpe", [ctx, d], 0.01);
  const blocks: Block[] = [];
  for (let l = 0; l < L; l++) {
    const p = `h${l}.`;
    blocks.push({
      ln1g: v(p + "ln1.g", tf.ones([d])),
      ln1b: v(p + "ln1.b", tf.zeros([d])),
      wqkv: normal(p + "attn.wqkv", [d, 3 * d], 0.02),
      bqkv: v(p + "attn.bqkv", tf.zeros([3 * d])),
      wo: normal(p + "attn.wo", [d, d], projStd),
      bo: v(p + "attn.bo", tf.zeros([d])),
      ln2g: v(p + "ln2.g", tf.ones([d])),
      ln2b: v(p + "ln2.b", tf.zeros([d])),
      w1: normal(p + "mlp.w1", [d, 4 * d], 0.02),
      b1: v(p + "mlp.b1", tf.zeros([4 * d])),
      w2: normal(p + "mlp.w2", [4 * d, d], projStd),
      b2: v(p + "mlp.b2", tf.zeros([d])),
    });
  }
  const lnfg = v("lnf.g", tf.ones([d]));
  const lnfb = v("lnf.b", tf.zeros([d]));

  const masks = new Map<number, tf.Tensor2D>(); // additive causal masks, kept across steps
  const causal = (T: number): tf.Tensor2D => {
    let m = masks.get(T);
    if (m === undefined) {
      m = tf.tidy(
        () => tf.mul(tf.sub(1, tf.linalg.bandPart(tf.ones([T, T]), -1, 0)), -1e9) as tf.Tensor2D,
      );
      masks.set(T, tf.keep(m));
    }
    return m;
  };

  const layerNorm = (x: tf.Tensor, g: tf.Tensor, b: tf.Tensor): tf.Tensor => {
    const { mean, variance } = tf.moments(x, -1, true);
    return x
      .sub(mean)
      .mul(tf.rsqrt(variance.add(1e-5)))
      .mul(g)
      .add(b);
  };
  const gelu = (x: tf.Tensor): tf.Tensor => {
    const inner = x.add(x.mul(x).mul(x).mul(0.044715)).mul(Math.sqrt(2 / Math.PI));
    return x.mul(0.5).mul(tf.tanh(inner).add(1));
  };
  const embed = (flat: tf.Tensor1D): tf.Tensor2D => {
    if (cfg.embedding === "gather") return tf.gather(wte, flat) as tf.Tensor2D;
    if (cfg.embedding === "onehot") return tf.matMul(tf.oneHot(flat, V).toFloat(), wte);
    const f = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
      value: tf.gather(args[0] as tf.Tensor, flat),
      gradFunc: (dy: tf.Tensor) =>
        tf.matMul(tf.oneHot(flat, V).toFloat(), dy as tf.Tensor2D, true, false),
    }));
    return f(wte) as tf.Tensor2D;
  };

  const logits = (tokens: tf.Tensor2D): tf.Tensor2D => {
    const [B, T] = tokens.shape;
    const hd = d / H;
    const flat = tokens.reshape([B * T]) as tf.Tensor1D;
    const pos = wpe.slice([0, 0], [T, d]);
    let x = embed(flat)
      .reshape([B, T, d])
      .add(pos)
      .reshape([B * T, d]) as tf.Tensor2D;
    const mask = causal(T);
    const toHeads = (t: tf.Tensor): tf.Tensor4D => t.reshape([B, T, H, hd]).transpose([0, 2, 1, 3]);
    for (const p of blocks) {
      const h = layerNorm(x, p.ln1g, p.ln1b) as tf.Tensor2D;
      const qkv = tf.matMul(h, p.wqkv).add(p.bqkv);
      const [q, k, vv] = tf.split(qkv, 3, 1) as [tf.Tensor, tf.Tensor, tf.Tensor];
      const att = tf.softmax(
        tf
          .matMul(toHeads(q), toHeads(k), false, true)
          .mul(1 / Math.sqrt(hd))
          .add(mask),
      );
      const y = tf
        .matMul(att as tf.Tensor4D, toHeads(vv))
        .transpose([0, 2, 1, 3])
        .reshape([B * T, d]) as tf.Tensor2D;
      x = x.add(tf.matMul(y, p.wo).add(p.bo));
      const h2 = layerNorm(x, p.ln2g, p.ln2b) as tf.Tensor2D;
      const m = gelu(tf.matMul(h2, p.w1).add(p.b1)) as tf.Tensor2D;
      x = x.add(tf.matMul(m, p.w2).add(p.b2));
    }
    const hf = layerNorm(x, lnfg, lnfb) as tf.Tensor2D;
    return tf.matMul(hf, wte, false, true); // tied head
  };

  const loss = (tokens: tf.Tensor2D, targets: tf.Tensor2D): tf.Scalar => {
    const z = logits(tokens);
    const labels = tf.oneHot(targets.reshape([-1]) as tf.Tensor1D, V).toFloat();
    return tf.losses.softmaxCrossEntropy(labels, z) as tf.Scalar;
  };

  let paramCount = 0;
  for (const p of params.values()) paramCount += p.size;
  return {
    config: cfg,
    params,
    paramCount,
    logits,
    loss,
    dispose: () => {
      for (const p of params.values()) p.dispose();
      for (const m of masks.values()) m.dispose();
    },
  };
}

/** A fixed random batch of byte tokens and their next-token targets. */
export function randomBatch(cfg: GptConfig, seed = 7): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const seq = tf.randomUniform(
    [cfg.batch, cfg.ctx + 1],
    0,
    cfg.vocab,
    "int32",
    seed,
  ) as tf.Tensor2D;
  const x = seq.slice([0, 0], [cfg.batch, cfg.ctx]);
  const y = seq.slice([0, 1], [cfg.batch, cfg.ctx]);
  seq.dispose();
  return { x, y };
}

/** One Adam step per call: tf.variableGrads over every parameter, then applyGradients. */
export function makeTrainer(gpt: Gpt): {
  step(x: tf.Tensor2D, y: tf.Tensor2D): number;
  dispose(): void;
} {
  const opt = tf.train.adam(gpt.config.lr, 0.9, 0.999, 1e-8);
  const vars = [...gpt.params.values()];
  return {
    step(x, y) {
      return tf.tidy(() => {
        const { value, grads } = tf.variableGrads(() => gpt.loss(x, y), vars);
        opt.applyGradients(grads as Parameters<typeof opt.applyGradients>[0]);
        return value.dataSync()[0]!;
      });
    },
    dispose: () => opt.dispose(),
  };
}

async function main(): Promise<void> {
  const arg = (name: string, dflt: string): string => {
    const i = process.argv.indexOf(`--${name}`);
    return i >= 0 ? (process.argv[i + 1] ?? dflt) : dflt;
  };
  const { useBackend } = await import("../backends.ts");
  await useBackend(arg("backend", "cpu-fast"));
  if (process.argv.includes("--wasm-matmul")) {
    const { enableWasmMatmul } = await import("../../runtime/kernels/index.ts");
    await enableWasmMatmul();
  }
  const steps = Number(arg("steps", "5"));
  const gpt = createGpt(DEFAULT_GPT);
  const trainer = makeTrainer(gpt);
  const { x, y } = randomBatch(DEFAULT_GPT);
  console.log(`backend ${tf.getBackend()}, ${gpt.paramCount} parameters`);
  for (let s = 0; s < steps; s++) {
    const t0 = performance.now();
    const l = trainer.step(x, y);
    const ms = performance.now() - t0;
    console.log(
      `step ${s} loss ${l.toFixed(4)} ${ms.toFixed(0)} ms ${((DEFAULT_GPT.batch * DEFAULT_GPT.ctx) / (ms / 1000)).toFixed(0)} tok/s`,
    );
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
