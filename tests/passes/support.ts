// Differential testing of the optimizer: compile one .arch file with and without the pass
// pipeline, load both generated programs, and compare forward logits and every parameter's
// gradient from the same weights (parameter names are identical: no pass changes the layout).
import * as tf from "../../runtime/tf.ts";
import { join } from "node:path";
import { compileFile } from "../../compiler/compile.ts";
import { createParams, disposeParams } from "../../runtime/init.ts";
import type { AuxSink, CompiledModel, ForwardContext, Params } from "../../runtime/model.ts";
import { crossEntropy } from "../../runtime/ops/loss.ts";
import { importProgram, REPO, writeProgram } from "../codegen/support.ts";

/**
 * Relative tolerance: max |a − b| ≤ TOL · max(max |b|, FLOOR · G) per tensor, G the largest
 * gradient entry of the model. The floor matters for gradients that are exactly zero in exact
 * arithmetic (a key bias under softmax) and are float32 noise in both programs.
 */
export const TOL = 1e-4;
export const FLOOR = 1e-3;

/** Compiles `file` (relative to the repo) both ways into out/tests/passes/<tag>/{opt,noopt}. */
export async function compileBoth(
  file: string,
  tag: string,
): Promise<{ opt: CompiledModel; plain: CompiledModel }> {
  const load = async (optimize: boolean): Promise<CompiledModel> => {
    const dir = join(REPO, "out", "tests", "passes", tag, optimize ? "opt" : "noopt");
    const r = await compileFile(file, { cwd: REPO, outDir: dir, optimize });
    const errors = r.diagnostics.filter((d) => d.severity === "error");
    if (r.files === undefined || errors.length > 0)
      throw new Error(`${file}: ${errors.map((d) => `${d.code} ${d.message}`).join("; ")}`);
    const code = r.files.find((f) => f.path === "model.ts")!.text;
    return (await importProgram(writeProgram(dir, code))).model;
  };
  return { opt: await load(true), plain: await load(false) };
}

/** Largest relative difference of a against b. */
export function relDiff(
  a: Float32Array | Int32Array | Uint8Array,
  b: Float32Array | Int32Array | Uint8Array,
  floor = 0,
): number {
  let diff = 0;
  let scale = floor;
  for (let i = 0; i < b.length; i++) {
    diff = Math.max(diff, Math.abs(a[i]! - b[i]!));
    scale = Math.max(scale, Math.abs(b[i]!));
  }
  return scale === 0 ? diff : diff / scale;
}

export interface Comparison {
  /** Relative difference of the logits (eval mode). */
  readonly logits: number;
  /** Worst relative difference over the parameters' gradients (training mode, aux losses included). */
  readonly grads: number;
  readonly worstParam: string;
  readonly paramCount: number;
}

function context(training: boolean): { ctx: ForwardContext; aux: tf.Scalar[] } {
  const aux: tf.Scalar[] = [];
  const sink: AuxSink = { addLoss: (_n, v) => void aux.push(v), addStat: (_n, v) => v.dispose() };
  return { ctx: { training, step: 3, seed: 7, aux: sink }, aux };
}

function objective(m: CompiledModel, p: Params, x: tf.Tensor2D, y: tf.Tensor2D): tf.Scalar {
  const { ctx, aux } = context(true);
  const ce = crossEntropy(m.forward(p, x, ctx), y);
  return aux.length === 0 ? ce : (tf.addN([ce, ...aux]) as tf.Scalar);
}

/** Both models on one fixed batch [batch, length] with the same weights (seeded init). */
export function compare(
  opt: CompiledModel,
  plain: CompiledModel,
  batch = 2,
  length = 4,
): Comparison {
  const names = plain.params.map((p) => p.name).sort();
  const optNames = opt.params.map((p) => p.name).sort();
  if (names.join() !== optNames.join())
    throw new Error("optimized program has another parameter set");
  const params = createParams(plain.params, 5);
  const vocab = plain.meta.vocab;
  const ids = Int32Array.from({ length: batch * (length + 1) }, (_, i) => (i * 7919 + 13) % vocab);
  const all = tf.tensor2d(ids, [batch, length + 1], "int32");
  const x = all.slice([0, 0], [batch, length]) as tf.Tensor2D;
  const y = all.slice([0, 1], [batch, length]) as tf.Tensor2D;
  try {
    const logits = [opt, plain].map((m) =>
      tf.tidy(() => m.forward(params, x, context(false).ctx).dataSync()),
    );
    const vars = [...params.values()];
    const grads = [opt, plain].map((m) => {
      const g = tf.variableGrads(() => objective(m, params, x, y), vars);
      const out = new Map(Object.entries(g.grads).map(([k, t]) => [k, t.dataSync()]));
      tf.dispose([g.value, ...Object.values(g.grads)]);
      return out;
    });
    let G = 0;
    for (const g of grads[1]!.values()) for (const v of g) G = Math.max(G, Math.abs(v));
    let worst = 0;
    let worstParam = "";
    for (const [name, v] of params) {
      const a = grads[0]!.get(v.name);
      const b = grads[1]!.get(v.name);
      const d =
        a === undefined || b === undefined ? (a === b ? 0 : Infinity) : relDiff(a, b, FLOOR * G);
      if (d > worst) [worst, worstParam] = [d, name];
    }
    return {
      logits: relDiff(logits[0]!, logits[1]!),
      grads: worst,
      worstParam,
      paramCount: params.size,
    };
  } finally {
    tf.dispose([all, x, y]);
    disposeParams(params);
  }
}
