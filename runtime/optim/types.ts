// The optimizer contract shared by the training loop, checkpoints and growth (state must be saveable and resizable).
import type * as tf from "../tf.ts";
import type { Params } from "../model.ts";

/** AdamW hyper-parameters (PyTorch form: θ ← θ − lr·λ·θ, then θ ← θ − lr·m̂/(√v̂ + ε)). */
export interface AdamWConfig {
  readonly lr: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly eps: number;
  readonly weightDecay: number;
  /** Names of parameters that receive weight decay (norms, biases, embeddings, DWA weights do not). */
  readonly decay: ReadonlySet<string>;
}

/** Optimizer state by parameter name: first and second moments, plus the step count. */
export interface OptimizerState {
  readonly step: number;
  readonly m: ReadonlyMap<string, tf.Tensor>;
  readonly v: ReadonlyMap<string, tf.Tensor>;
}

export interface Optimizer {
  /** Apply one update with learning rate `lr`; disposes nothing it does not own. */
  apply(params: Params, grads: ReadonlyMap<string, tf.Tensor>, lr: number): void;
  /** A copy of the state (caller disposes). */
  getState(): OptimizerState;
  /** Replace the state (takes ownership of the tensors). */
  setState(state: OptimizerState): void;
  dispose(): void;
}
