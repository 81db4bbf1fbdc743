// AdamW in PyTorch's form: θ ← θ − lr·λ·θ (decoupled, only for names in `decay`), then
// θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected moments. λ = 0 gives Adam.
import * as tf from "../tf.ts";
import { TRAIN_DEFAULTS } from "../../spec/train.ts";
import { sameShape } from "../errors.ts";
import type { Params } from "../model.ts";
import { adamWUpdate } from "./adamw-kernel.ts";
import type { AdamWConfig, Optimizer, OptimizerState } from "./types.ts";

/** adamw()'s defaults: the train section's (spec/train.ts), with lr 1e-3 for direct callers. */
export const ADAMW_DEFAULTS = {
  lr: 1e-3,
  beta1: TRAIN_DEFAULTS.betas[0],
  beta2: TRAIN_DEFAULTS.betas[1],
  eps: TRAIN_DEFAULTS.eps,
  weightDecay: TRAIN_DEFAULTS.weightDecay,
} as const;

export class AdamW implements Optimizer {
  private step = 0;
  private m = new Map<string, tf.Variable>();
  private v = new Map<string, tf.Variable>();

  constructor(readonly config: AdamWConfig) {}

  apply(params: Params, grads: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    const { beta1, beta2, eps, weightDecay, decay } = this.config;
    this.step += 1;
    const bc1 = 1 - Math.pow(beta1, this.step);
    const bc2 = 1 - Math.pow(beta2, this.step);
    tf.tidy(() => {
      for (const [name, g] of grads) {
        const p = params.get(name);
        if (p === undefined) throw new Error(`AdamW: gradient for unknown parameter '${name}'`);
        const m = this.moment(this.m, name, p);
        const v = this.moment(this.v, name, p);
        const decays = weightDecay !== 0 && decay.has(name);
        const [p1, m1, v1] = adamWUpdate(p, m, v, g, {
          beta1,
          beta2,
          eps,
          stepSize: lr / bc1,
          sqrtBc2: Math.sqrt(bc2),
          decay: decays ? 1 - lr * weightDecay : 1,
        });
        m.assign(m1!);
        v.assign(v1!);
        p.assign(p1!);
      }
    });
  }

  private moment(store: Map<string, tf.Variable>, name: string, p: tf.Variable): tf.Variable {
    let t = store.get(name);
    if (t === undefined || !sameShape(t.shape, p.shape)) {
      t?.dispose();
      t = tf.keep(tf.variable(tf.zeros(p.shape), false));
      store.set(name, t);
    }
    return t;
  }

  /** The number of updates applied so far. */
  get iterations(): number {
    return this.step;
  }

  getState(): OptimizerState {
    const copy = (s: Map<string, tf.Variable>): Map<string, tf.Tensor> =>
      new Map([...s].map(([k, t]) => [k, tf.clone(t)] as const));
    return { step: this.step, m: copy(this.m), v: copy(this.v) };
  }

  setState(state: OptimizerState): void {
    this.disposeMoments();
    this.step = state.step;
    const own = (src: ReadonlyMap<string, tf.Tensor>, dst: Map<string, tf.Variable>): void => {
      for (const [k, t] of src) {
        dst.set(k, tf.variable(t, false));
        t.dispose();
      }
    };
    own(state.m, this.m);
    own(state.v, this.v);
  }

  dispose(): void {
    this.disposeMoments();
  }

  private disposeMoments(): void {
    for (const t of this.m.values()) t.dispose();
    for (const t of this.v.values()) t.dispose();
    this.m.clear();
    this.v.clear();
  }
}

/** An AdamW with defaults filled in. */
export function adamw(config: Partial<AdamWConfig> & Pick<AdamWConfig, "decay">): AdamW {
  return new AdamW({ ...ADAMW_DEFAULTS, ...config });
}
