// One training step: forward + cross-entropy (+ auxiliary losses) under variableGrads (grads.ts),
// global-norm clipping, the optimizer update, all inside one tf.tidy so that no tensor outlives the
// step. The loss and gradient norm come back as numbers (read asynchronously after the update).
import * as tf from "../tf.ts";
import type { AuxSink, CompiledModel, ForwardContext, Params } from "../model.ts";
import type { Optimizer } from "../optim/types.ts";
import { clipByGlobalNorm } from "../optim/clip.ts";
import { forwardObjective } from "./exit-loss.ts";
import { variableGrads } from "./grads.ts";
import { mixSeed } from "../init.ts";
import type { Batch } from "../data/types.ts";

export interface StepResult {
  /** The objective: cross-entropy (or the multi-exit objective, exit-loss.ts) plus auxiliary losses. */
  readonly loss: number;
  /** Cross-entropy alone. */
  readonly ce: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  /** Statistics layers reported (small tensors, flattened). */
  readonly stats: Record<string, number[]>;
  /** Each auxiliary loss by name (already weighted; their sum is loss − ce). */
  readonly aux: Record<string, number>;
}

/** Input ids [B, T] and target ids [B, T] of a [B, T+1] batch, as tensors (caller disposes / tidies). */
export function batchTensors(batch: Batch): { x: tf.Tensor2D; y: tf.Tensor2D } {
  const { batch: B, width } = batch;
  const T = width - 1;
  const xs = new Int32Array(B * T);
  const ys = new Int32Array(B * T);
  for (let b = 0; b < B; b++) {
    xs.set(batch.tokens.subarray(b * width, b * width + T), b * T);
    ys.set(batch.tokens.subarray(b * width + 1, (b + 1) * width), b * T);
  }
  return { x: tf.tensor2d(xs, [B, T], "int32"), y: tf.tensor2d(ys, [B, T], "int32") };
}

/** The randomness seed of the forward pass at `step` (dropout), derived so that resuming repeats it. */
export function forwardSeed(seed: number, step: number): number {
  return mixSeed(seed, "forward", step);
}

export interface StepOptions {
  readonly lr: number;
  readonly clip: number;
  /** 0-based index of this update. */
  readonly step: number;
  readonly seed: number;
  /** The run's number of steps (LayerSkip's time and gradual curricula). */
  readonly steps?: number;
}

export async function trainStep(
  model: CompiledModel,
  params: Params,
  optimizer: Optimizer,
  batch: Batch,
  opts: StepOptions,
): Promise<StepResult> {
  const names = [...params.keys()];
  const vars = [...params.values()];
  const irName = new Map(vars.map((v, i) => [v.name, names[i]!] as const));
  const statTensors = new Map<string, tf.Tensor>();
  let ceKept: tf.Scalar | null = null;
  const auxKept = new Map<string, tf.Scalar>();

  const [lossT, normT] = tf.tidy((): [tf.Scalar, tf.Scalar] => {
    const { x, y } = batchTensors(batch);
    const aux: tf.Scalar[] = [];
    const sink: AuxSink = {
      addLoss: (name, value) => {
        aux.push(value);
        const prev = auxKept.get(name);
        auxKept.set(name, tf.keep(prev === undefined ? value.clone() : tf.add(prev, value)));
        prev?.dispose();
      },
      addStat: (name, value) => {
        statTensors.get(name)?.dispose();
        statTensors.set(name, tf.keep(value.clone()));
      },
    };
    const ctx: ForwardContext = {
      training: true,
      step: opts.step,
      aux: sink,
      seed: forwardSeed(opts.seed, opts.step),
      ...(opts.steps !== undefined ? { steps: opts.steps } : {}),
    };
    const { value, grads } = variableGrads(() => {
      const { ce, objective } = forwardObjective(model, params, x, y, ctx);
      if (aux.length === 0 && objective === ce) return ce;
      ceKept = tf.keep(ce.clone());
      return aux.length === 0 ? objective : (tf.addN([objective, ...aux]) as tf.Scalar);
    }, vars);
    const named = new Map<string, tf.Tensor>();
    for (const [vn, g] of Object.entries(grads)) named.set(irName.get(vn) ?? vn, g);
    const { grads: clipped, norm } = clipByGlobalNorm(named, opts.clip);
    try {
      optimizer.apply(params, clipped, opts.lr);
    } finally {
      for (const g of clipped.values()) g.dispose(); // kept by clipByGlobalNorm: ours to dispose
    }
    return [value, norm];
  });
  try {
    const [loss, norm] = await Promise.all([lossT.data(), normT.data()]);
    const ceT = ceKept as tf.Scalar | null;
    const ce = ceT === null ? loss[0]! : (await ceT.data())[0]!;
    const stats: Record<string, number[]> = {};
    for (const [k, t] of statTensors) stats[k] = Array.from(await t.data());
    const auxValues: Record<string, number> = {};
    for (const [k, t] of auxKept) auxValues[k] = (await t.data())[0]!;
    return { loss: loss[0]!, ce, gradNorm: norm[0]!, stats, aux: auxValues };
  } finally {
    lossT.dispose();
    normT.dispose();
    (ceKept as tf.Scalar | null)?.dispose();
    for (const t of statTensors.values()) t.dispose();
    for (const t of auxKept.values()) t.dispose();
  }
}
