// Shared by the construct invariant tests: compile an inline .arch source through the real compiler
// (written to out/tests/constructs/<name>-…/; compileInline gives the diagnostics), import the
// generated module, create parameters with a fixed seed, run the forward pass on the cpu backend
// with dropout off, and hand-built sublayers from runtime ops to check a construct's formula
// against the generated code.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import * as tf from "../../runtime/tf.ts";
import { compileFile, type CompileOptions, type CompileResult } from "../../compiler/compile.ts";
import { attend, gelu, layerNorm, linear } from "../../runtime/index.ts";
import { createParams } from "../../runtime/init.ts";
import type { CompiledModel, ForwardContext, Params } from "../../runtime/model.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";

export const SEED = 7;

/** Tiny shared dimensions: the model body goes between the prelude and the head. */
export const DIMS = { vocab: 32, d: 16, heads: 2, ctx: 8 } as const;

/** A source with the usual imports and constants; `body` is the model's repeat/blocks. */
export function gptSource(body: string, extra = "", opts: { norm?: string } = {}): string {
  const { vocab, d, heads, ctx } = DIMS;
  const norm = opts.norm ?? "norm layernorm";
  return `import std.attention.{CausalSelfAttention}
import std.ffn.{MLP}
import std.transformer.{PreLNBlock, PostLNBlock, PeriLNBlock, ParallelBlock}
const vocab = ${vocab}
const d = ${d}
const heads = ${heads}
const ctx = ${ctx}
${extra}
model M {
  input tokens: int[batch, ctx]
  embed TokenEmbedding(vocab, d) + LearnedPositions(ctx, d)
${body}
  ${norm}
  head tied
}
`;
}

let counter = 0;

/** Writes `source` as <name>.arch in a fresh folder out/tests/constructs/<name>-…/; the file. */
export function sourceFile(name: string, source: string): string {
  const dir = join(REPO, "out", "tests", "constructs", `${name}-${process.pid}-${counter++}`);
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}.arch`);
  writeFileSync(file, source);
  return file;
}

/** Compiles `source` (sourceFile) into its own folder with `opts`: diagnostics and files. */
export async function compileInline(
  name: string,
  source: string,
  opts: CompileOptions = {},
): Promise<CompileResult> {
  const file = sourceFile(name, source);
  return compileFile(file, { cwd: REPO, outDir: dirname(file), ...opts });
}

/** Compiles `source` (compileInline with `opts`) and imports the program; throws on errors. */
export async function compileSource(
  name: string,
  source: string,
  opts: CompileOptions = {},
): Promise<CompiledModel> {
  const r = await compileInline(name, source, opts);
  const errors = r.diagnostics.filter((d) => d.severity === "error");
  const model = r.files?.find((f) => f.path === "model.ts")?.text;
  if (errors.length > 0 || model === undefined)
    throw new Error(
      `${name}: ${errors.map((e) => `${e.code} ${e.message}`).join("; ")}\n${source}`,
    );
  return (await importProgram(writeProgram(r.outDir, model))).model;
}

/** The generated model.ts of a source, as text (for ParamInit and code checks). */
export async function generatedCode(name: string, source: string): Promise<string> {
  const r = await compileInline(`${name}-code`, source);
  const code = r.files?.find((f) => f.path === "model.ts")?.text;
  if (code === undefined) throw new Error(`${name} does not compile`);
  return code;
}

/** Parameters of `model` with the fixed seed. */
export const paramsOf = (model: CompiledModel): Map<string, tf.Variable> =>
  createParams(model.params, SEED);

/**
 * The weights of `from` under `to`'s names: by name where every name of `to` exists in `from`,
 * else by position (the shapes must agree). `rename` maps a name of `to` to one of `from`.
 */
export function sameWeights(
  from: Params,
  to: CompiledModel,
  rename: (name: string) => string = (n) => n,
): Map<string, tf.Variable> {
  const out = new Map<string, tf.Variable>();
  const byName = to.params.every((p) => from.has(rename(p.name)));
  const list = [...from.values()];
  if (!byName && list.length !== to.params.length)
    throw new Error(`sameWeights: ${list.length} tensors for ${to.params.length} parameters`);
  to.params.forEach((p, i) => {
    const v = byName ? from.get(rename(p.name))! : list[i]!;
    if (v.shape.join(",") !== p.shape.join(","))
      throw new Error(
        `sameWeights: ${p.name} is [${p.shape.join(", ")}], got [${v.shape.join(", ")}]`,
      );
    out.set(p.name, v);
  });
  return out;
}

/** A fixed batch of token ids [2, ctx]. */
export function tokens(batch = 2, seed = 1): tf.Tensor2D {
  const { ctx, vocab } = DIMS;
  return tf.tensor2d(
    Int32Array.from({ length: batch * ctx }, (_, i) => (i * 7 + seed * 13 + ((i * i) % 5)) % vocab),
    [batch, ctx],
    "int32",
  );
}

export interface Collected {
  readonly losses: Map<string, number>;
  readonly stats: Map<string, number[]>;
}

/** Evaluation context (dropout off); `training` collects auxiliary losses and statistics into `into`. */
export function context(training = false, into?: Collected): ForwardContext {
  return {
    training,
    step: 0,
    seed: 1,
    aux: {
      addLoss: (name, v) => void into?.losses.set(name, v.dataSync()[0]!),
      addStat: (name, v) => void into?.stats.set(name, Array.from(v.dataSync())),
    },
  };
}

/** The model's logits for `toks` as a flat array. */
export function logits(
  model: CompiledModel,
  p: Params,
  toks: tf.Tensor2D,
  ctx = context(),
): Float32Array {
  return tf.tidy(() => model.forward(p, toks, ctx).dataSync() as Float32Array);
}

/** The logits each exit reports in an evaluation-mode forward. */
export function exitLogits(model: CompiledModel, p: Params): Map<number, Float32Array> {
  const seen = new Map<number, Float32Array>();
  tf.tidy(() => {
    model.forward(p, tokens(), {
      ...context(),
      exits: (l, t) => void seen.set(l, t.dataSync() as Float32Array),
    });
  });
  return seen;
}

/** Largest absolute difference of two equally long arrays. */
export function maxDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i]! - b[i]!));
  return m;
}

/** Replaces every norm's scale and bias with seeded random values (so that norms are told apart). */
export function randomizeNorms(p: Params, seed = 3): void {
  let s = seed;
  for (const [name, v] of p) {
    if (!/\.(ln|ln_\w+)\.(scale|bias)$/.test(name) && !/^ln_f\./.test(name)) continue;
    const vals = Float32Array.from({ length: v.size }, () => {
      s = (s * 1103515245 + 12345) % 2147483648;
      return (name.endsWith("scale") ? 1 : 0) + (s / 2147483648 - 0.5);
    });
    v.assign(tf.tensor(vals, v.shape));
  }
}

/** Weight lookup for the hand-built sublayers. */
export type W = (name: string) => tf.Tensor;
export const lookup =
  (p: Params): W =>
  (name) => {
    const v = p.get(name);
    if (v === undefined) throw new Error(`no parameter ${name}`);
    return v;
  };

/** LayerNorm with the scale/bias under `at`. */
export const handLN = (w: W, at: string, x: tf.Tensor): tf.Tensor =>
  layerNorm(x, w(`${at}.scale`), w(`${at}.bias`), 1e-5);

/** std.attention.CausalSelfAttention by hand: out(attend(q(x), k(x), v(x))). */
export function handAttn(w: W, at: string, x: tf.Tensor): tf.Tensor {
  const lin = (n: string, t: tf.Tensor): tf.Tensor =>
    linear(t, w(`${at}.${n}.kernel`), w(`${at}.${n}.bias`));
  const a = attend(lin("q", x), lin("k", x), lin("v", x), { heads: DIMS.heads, causal: true });
  return lin("out", a);
}

/** std.ffn.MLP by hand: linear_1(gelu(linear_0(x))). */
export function handMlp(w: W, at: string, x: tf.Tensor): tf.Tensor {
  const h = gelu(linear(x, w(`${at}.linear_0.kernel`), w(`${at}.linear_0.bias`)));
  return linear(h, w(`${at}.linear_1.kernel`), w(`${at}.linear_1.bias`));
}

/** The whole model by hand: embedding + positions, `body` on the stream, final norm (unless `noFinal`), tied head. */
export function handModel(
  w: W,
  toks: tf.Tensor2D,
  body: (x: tf.Tensor) => tf.Tensor,
  noFinal = false,
): Float32Array {
  return tf.tidy(() => {
    const table = w("token_embedding.table");
    const T = toks.shape[1];
    const x0 = tf.add(tf.gather(table, toks), w("learned_positions.table").slice([0, 0], [T, -1]));
    const h = body(x0);
    const n = noFinal ? h : handLN(w, "ln_f", h);
    const d = n.shape[n.rank - 1]!;
    const out = tf.matMul(n.reshape([-1, d]), table, false, true);
    return out.dataSync() as Float32Array;
  });
}
