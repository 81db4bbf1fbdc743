// The model description (compiler/describe.ts computes it from the IR and its structure; the
// build record carries one per growth stage; `archc export` writes it as config.json beside the
// safetensors file and in its __metadata__). Weight layout: docs/weights.md. Plain data, no tfjs.

export const MODEL_FORMAT = "archc-model";

export interface NormDescription {
  readonly kind: "layernorm" | "rmsnorm";
  readonly eps: number;
  readonly bias: boolean;
}

/** One residual sublayer of a layer: `residual(placement, norm) { body }`. */
export interface SublayerDescription {
  readonly placement: string;
  readonly norm: NormDescription | null;
  readonly scale: number;
  /** What the residual wraps: attention, ffn, moe, or other. */
  readonly body: "attention" | "ffn" | "moe" | "other";
}

export interface LayerDescription {
  /** The layer's parameter prefix (`blocks.0`). */
  readonly instance: string;
  /** A routed p-MoD layer's keep ratio ρ (it runs on ⌊ρ·T⌋ of T tokens); absent for a dense layer. */
  readonly keep?: number;
  readonly sublayers: readonly SublayerDescription[];
}

export interface ModelDescription {
  readonly format: typeof MODEL_FORMAT;
  readonly name: string;
  /** The growth stage (0: the base model). */
  readonly stage: number;
  readonly vocab: number;
  readonly context: number;
  readonly width: number;
  readonly layers: number;
  /** Of the first attention layer (absent without attention). */
  readonly heads?: number;
  readonly kvHeads?: number;
  readonly headDim?: number;
  /** The first feed-forward activation (`gelu` is the tanh approximation: docs/weights.md). */
  readonly activation?: string;
  readonly positions: "learned" | "sinusoidal" | "none";
  /** logits = h · token_embedding.tableᵀ (no head weight of its own). */
  readonly tiedHead: boolean;
  readonly finalNorm: NormDescription | null;
  readonly layerList: readonly LayerDescription[];
  /** Every parameter's role: `attention.q.kernel`, `ffn.up.bias`, `norm.scale`, `token_embedding`… */
  readonly params: Readonly<Record<string, string>>;
}
