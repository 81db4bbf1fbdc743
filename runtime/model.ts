// The contract between a generated program and the runtime: what a compiled model exports,
// and what the training loop, checkpoints and exporters may rely on. Pure types, no tfjs calls.
import type * as tf from "./tf.ts";
import type { ModelMeta } from "../spec/model-meta.ts";
import type { InitSpec } from "../spec/init.ts";

/** Trainable weights by hierarchical IR name (`blocks.3.attn.q.kernel`), in a stable order. */
export type Params = ReadonlyMap<string, tf.Variable>;

/** How one parameter is created: its shape, initializer and weight-decay class. */
export interface ParamInit {
  readonly name: string;
  readonly shape: readonly number[];
  /** `normal(std)`, `zeros`, `ones`, `uniform(limit)`, `xavier_normal(gain)`, `identity_last` (DWA). */
  readonly init: InitSpec;
  /** AdamW weight decay applies only where true (never to norms, biases, embeddings, DWA weights). */
  readonly decay: boolean;
}

export type { InitSpec };

/** Passed to every forward call. */
export interface ForwardContext {
  /** True while training (dropout active, auxiliary losses collected). */
  readonly training: boolean;
  /** The optimizer step (for step-indexed schedules such as growth masks and dropout). */
  readonly step: number;
  /** The run's number of optimizer steps (LayerSkip's time curriculum); absent outside training. */
  readonly steps?: number;
  /**
   * Receives each early exit's logits [B, T, vocab] (`exitOut`, runtime/ops/exits.ts) in layer
   * order, before the forward returns the model's own; the tensor belongs to the forward pass.
   */
  readonly exits?: (layer: number, logits: tf.Tensor) => void;
  /** Auxiliary losses (MoE balance, …), each already multiplied by its coefficient. */
  readonly aux: AuxSink;
  /** Seeded randomness for dropout and noise. */
  readonly seed: number;
  /**
   * Called by the generated forward with the residual stream after each top-level block
   * (`blocks.0`, `blocks.1`, …), e.g. for hidden-state norms per layer. The tensor belongs to the
   * forward pass: read or clone it, do not dispose it.
   */
  readonly trace?: (block: string, h: tf.Tensor) => void;
  /**
   * The run's hash-routing tables (runtime/ops/hash-tables.ts HashTables): layer name → its
   * token-id → expert table. Absent outside a run: hash layers use an id-balanced table.
   */
  readonly hashTables?: {
    table(name: string, vocab: number, experts: number, layerSeed: number): Int32Array;
  };
  /**
   * Present while generating text (runtime/decode/): the attention and position ops read it, and MoE
   * routes every token without capacity limits. Absent while training and evaluating.
   */
  readonly decode?: DecodeContext;
}

/**
 * Autoregressive decoding state of one forward pass (runtime/decode/kv-cache.ts). With `caching`,
 * the forward sees only the new tokens (positions `offset` …) and each attention site reads the
 * keys and values of earlier positions from its cache; without, it sees the whole window (offset 0).
 */
export interface DecodeContext {
  /** The position of the forward's first token within the window. */
  readonly offset: number;
  /** Whether earlier positions come from the cache (false: full-window recompute). */
  readonly caching: boolean;
  /**
   * The next attention site, in call order within the forward: k and v [B, T, G·dh] of the new
   * positions → the keys and values of every position so far [B, offset + T, G·dh] (k and v
   * themselves when not caching). Non-causal attention refuses the cache.
   */
  keysValues(k: tf.Tensor, v: tf.Tensor, causal: boolean): readonly [tf.Tensor, tf.Tensor];
  /** Refuses the cache for `what` (a construct that mixes tokens across the sequence); no-op without one. */
  requireWindow(what: string): void;
}

/** Where layers report auxiliary losses and per-layer statistics (expert load, DWA weights…). */
export interface AuxSink {
  addLoss(name: string, value: tf.Scalar): void;
  /** Non-differentiable statistics for metrics; the runtime reads and disposes them. */
  addStat(name: string, value: tf.Tensor): void;
}

export type { ModelMeta };

/** What a generated `model.ts` exports as `model`. */
export interface CompiledModel {
  readonly meta: ModelMeta;
  /** Every parameter to create, in order. */
  readonly params: readonly ParamInit[];
  /**
   * tokens [B, T] int32 → logits [B, T, vocab]. Must be called inside tf.tidy by the caller;
   * `T` may be shorter than meta.context (sampling).
   */
  forward(p: Params, tokens: tf.Tensor2D, ctx: ForwardContext): tf.Tensor3D;
  /** Growth during training (a grow section): the model from each event on. */
  readonly grow?: GrowPlan;
}

/** The model from one growth event on (docs/growth.md). */
export interface GrowStage {
  /** The optimizer step at which the model switches to this stage (before that step's update). */
  readonly step: number;
  /** `ffn 256 → 512, masked over 50 steps` */
  readonly event: string;
  /** Depth by stacking: new block prefix → the block it copies (`blocks.2` → `blocks.0`). */
  readonly copies: Readonly<Record<string, string>>;
  readonly model: CompiledModel;
}

/** Every growth stage after the base model, in step order. */
export interface GrowPlan {
  readonly stages: readonly GrowStage[];
}
