// AdamW in PyTorch's form: θ ← θ − lr·λ·θ (decoupled, only for names in `decay`), then
// θ ← θ − lr·m̂/(√v̂ + ε) with bias-corrected moments. λ = 0 gives Adam.
import * as tf from "../tf.ts";
import { TRAIN_DEFAULTS } from "../../spec/train.ts";
import { sameShape } from "../errors.ts";
import type { Params } from "../model.ts";
import { adamWAll, adamWAllAvailable, adamWAllTakes, type AdamWSlot } from "./adamw-all.ts";
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
    const { beta1, beta2, eps } = this.config;
    const step = this.nextStep(lr);
    tf.tidy(() => {
      for (const { p, m, v, g, decay } of this.slots(params, grads, lr)) {
        const [p1, m1, v1] = adamWUpdate(p, m, v, g, { beta1, beta2, eps, ...step, decay });
        m.assign(m1!);
        v.assign(v1!);
        p.assign(p1!);
      }
    });
  }

  /**
   * Global-norm clipping and the update of every parameter as one kernel call (adamw-all.ts) where
   * the backend has it: returns the norm before clipping, or null (nothing done: the caller clips
   * and calls apply).
   */
  applyClipped(
    params: Params,
    grads: ReadonlyMap<string, tf.Tensor>,
    lr: number,
    maxNorm: number,
  ): tf.Scalar | null {
    if (!adamWAllAvailable()) return null; // before the slots: most backends stop here
    const slots = this.slots(params, grads, lr);
    if (!adamWAllTakes(slots)) return null;
    const { beta1, beta2, eps } = this.config;
    const { norm, updated } = adamWAll(slots, { beta1, beta2, eps, ...this.nextStep(lr) }, maxNorm);
    slots.forEach((s, i) => {
      const [p1, m1, v1] = updated[i]!;
      s.m.assign(m1!);
      s.v.assign(v1!);
      s.p.assign(p1!);
      for (const t of updated[i]!) t.dispose();
    });
    return norm;
  }

  /** Counts the step; its bias-corrected step size and √(1 − β2^t). */
  private nextStep(lr: number): { stepSize: number; sqrtBc2: number } {
    this.step += 1;
    const { beta1, beta2 } = this.config;
    return {
      stepSize: lr / (1 - Math.pow(beta1, this.step)),
      sqrtBc2: Math.sqrt(1 - Math.pow(beta2, this.step)),
    };
  }

  /** Each gradient's parameter, moments (created at zero the first time) and decay factor. */
  private slots(
    params: Params,
    grads: ReadonlyMap<string, tf.Tensor>,
    lr: number,
  ): (AdamWSlot & { p: tf.Variable; m: tf.Variable; v: tf.Variable })[] {
    const { weightDecay, decay } = this.config;
    return [...grads].map(([name, g]) => {
      const p = params.get(name);
      if (p === undefined) throw new Error(`AdamW: gradient for unknown parameter '${name}'`);
      const decays = weightDecay !== 0 && decay.has(name);
      return {
        p,
        m: this.moment(this.m, name, p),
        v: this.moment(this.v, name, p),
        g,
        decay: decays ? 1 - lr * weightDecay : 1,
      };
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
