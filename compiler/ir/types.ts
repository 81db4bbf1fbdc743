// The IR: a flat, topologically ordered graph of plain readonly data (JSON-serializable, versioned).
// Blocks are fully instantiated (repeat unrolled); each node records where it came from, so codegen
// can fold identical block instances back into one function and errors can point at the source.
import type { ExitSpec } from "../../spec/exits.ts";
import type { Span } from "../../grammar/core/source.ts";
import type { Activation, FusedActivation } from "../../spec/activations.ts";
import type { InitSpec } from "../../spec/init.ts";
import type { MoaLayout } from "../../spec/moa.ts";
import type { MoeStrategy, RouterKind } from "../../spec/moe.ts";
import type { ScopeId, StructureScope } from "./structure.ts";

export type { Activation, FusedActivation, InitSpec, MoeStrategy, RouterKind };

/** A dimension: a compile-time integer, or a symbol bound at run time (`B` batch, `T` sequence). */
export type Dim = number | { readonly sym: "B" | "T" };
export type Shape = readonly Dim[];
export type DType = "float32" | "int32";
export type NodeId = number;

/** One trainable tensor. `name` is hierarchical and unique: `blocks.3.attn.q.kernel`. */
export interface ParamSpec {
  readonly name: string;
  readonly shape: readonly number[];
  readonly init: InitSpec;
  /** Receives AdamW weight decay (false for norms, biases, embeddings, DWA weights). */
  readonly decay: boolean;
  /**
   * Set on a *reference* to a parameter owned by an earlier node (`share`): the id of the owning
   * node, whose entry has the same name, shape, init and decay. References are not counted again
   * (param-count.ts) and create no tensor; every name is owned by exactly one node (verify.ts).
   */
  readonly tiedTo?: NodeId;
}

/** Where a node came from: the source expression, and its scope in the structure (block instances and all). */
export interface Origin {
  readonly span: Span;
  /** The innermost construct instance around the node (`Graph.structure`, see structure.ts). */
  readonly scope: ScopeId;
}

/** An origin as lowering states it: without `scope`, the builder puts the node in the open scope. */
export type OriginSpec = Omit<Origin, "scope"> & { readonly scope?: ScopeId };

/** Attributes per op kind. Adding a kind here forces an OpDef and an emitter (see ops/index.ts, codegen). */
export interface OpAttrs {
  /** The model input: token ids [B, T] int32. No inputs. */
  readonly input: { readonly name: string; readonly context: number };
  /** inputs [tokens [B,T]] → [B,T,d]; param `table [vocab, d]`. */
  readonly embedding: { readonly vocab: number; readonly d: number };
  /** inputs [tokens [B,T]] → [B,T,d]; learned: param `table [ctx, d]`; else sinusoidal, no params. */
  readonly positions: { readonly context: number; readonly d: number; readonly learned: boolean };
  /** inputs [x [..., in]] → [..., out]; params `kernel [in, out]`, `bias [out]` if bias. */
  readonly linear: { readonly in: number; readonly out: number; readonly bias: boolean };
  /**
   * inputs [x [..., d]] → same; params `scale [d]`, `bias [d]` if bias. With `grow` (a growth stage,
   * compiler/lower/grow-stages.ts): MSG masked statistics over m = Π of the ramps' masks, output ⊙ m.
   */
  readonly layerNorm: {
    readonly d: number;
    readonly eps: number;
    readonly bias: boolean;
    readonly grow?: readonly GrowRamp[];
  };
  /** inputs [x [..., d]] → same; param `scale [d]`. `grow`: masked statistics and output, as layerNorm. */
  readonly rmsNorm: {
    readonly d: number;
    readonly eps: number;
    readonly grow?: readonly GrowRamp[];
  };
  /**
   * Made by fuseAddNorm: inputs [a, b] (equal shapes [..., d]) → a + b; the same op also normalises
   * the sum over the last axis (`norm`: LayerNorm or RMSNorm, with that op's d, eps, bias), a value
   * its `addNormed` reader stands for. Params: the norm's `scale [d]` (+ `bias [d]`), its names.
   */
  readonly addNorm: {
    readonly norm: AddNormKind;
    readonly d: number;
    readonly eps: number;
    readonly bias: boolean;
  };
  /** Made by fuseAddNorm: inputs [addNorm] → its normalised sum, same shape. No params. */
  readonly addNormed: Record<string, never>;
  /** inputs [x] → same shape. */
  readonly activation: { readonly fn: Activation };
  /** inputs [x] → same shape; identity when not training or p = 0. */
  readonly dropout: { readonly p: number };
  /**
   * LayerSkip layer dropout (constructs.md §8.2): inputs [x_in, x_out] (equal shapes) → per sample,
   * x_in with probability p_ℓ = pMax·S(t)·D(ℓ), else x_out (no rescaling); identity when not training.
   */
  readonly layerDrop: {
    readonly layer: number;
    readonly depth: number;
    readonly pMax: number;
    readonly time: boolean;
  };
  /**
   * An early exit (§8.2, §8.3): inputs [y, logits_ℓ] → y unchanged; reports the exit's logits
   * [B,T,vocab] of layer `layer` to the forward context (the multi-exit loss and the exit rule).
   */
  readonly exitOut: { readonly layer: number };
  /** inputs [a, b] (equal shapes) → a + b. */
  readonly add: Record<string, never>;
  /** inputs [a, b] (equal shapes) → a - b. */
  readonly sub: Record<string, never>;
  /** inputs [a, b] (equal shapes) → a ⊙ b. */
  readonly mul: Record<string, never>;
  /** inputs [x] → x · factor (compile-time constant). */
  readonly scale: { readonly factor: number };
  /**
   * inputs [q [B,T,heads·dh], k [B,T,kvHeads·dh], v [B,T,kvHeads·dh]] → [B,T,heads·dh].
   * softmax(q kᵀ / √dh + causal mask) v per head; query head h uses kv group ⌊h / (heads/kvHeads)⌋.
   */
  readonly attention: {
    readonly heads: number;
    readonly kvHeads: number;
    readonly headDim: number;
    readonly causal: boolean;
    /** Rotary embeddings (RoPE) on q and k per head, with this base (θ_i = base^(−2i/dh)). */
    readonly rope?: number;
    /** ALiBi: scores gain −m_h·(i − j), slopes m_h of the ALiBi paper (runtime/ops/positional.ts). */
    readonly alibi?: true;
    /**
     * ALiBi after heads growth (grow-stages.ts): the head counts before each growth, ascending. The
     * old heads keep their slopes; the new ones take a fresh model's unused slopes (docs/growth.md).
     */
    readonly alibiFrom?: readonly number[];
    /**
     * Persistent memory: this many learned key and value vectors per K/V head appended to the keys
     * and values, never masked, no positions; params `memory.keys` and `memory.values` [memory, kvHeads·dh].
     */
    readonly memory?: number;
    /** Set by mergeQkv: one input qkv [B,T,(heads+2·kvHeads)·headDim] (q, k, v concatenated). */
    readonly packed?: true;
    /** Set by foldAttentionScale: q already carries the 1/√dh factor (folded into its projection). */
    readonly prescaled?: true;
    /** Set by fuseAttention: the core is one op with a hand-written gradient (attention-fused.ts). */
    readonly fused?: true;
  };
  /**
   * inputs [x [B,T,d]] (+ [tokens [B,T]] for hash routing) → gates [B,T,experts], exactly 0 for
   * experts a token does not use. param `router.kernel [d, experts]` (not for hash).
   * Adds the balance loss (switch / softmax top-k) to the auxiliary losses when balance > 0.
   */
  readonly moeRoute: {
    readonly experts: number;
    readonly topK: number;
    readonly router: RouterKind;
    readonly capacity: number;
    readonly balance: number;
    readonly d: number;
    /** Hash routing: a fixed token → expert table, balanced and random, built from the seed. */
    readonly hashSeed: number;
    readonly vocab: number;
    /** Set by chooseMoeStrategy from a static cost estimate (see compiler/passes/choose-moe-strategy.ts). */
    readonly strategy?: MoeStrategy;
  };
  /** inputs [gates [B,T,E], e_0 … e_{E-1} [B,T,d]] → Σ_i gates[..., i] · e_i. */
  readonly moeCombine: {
    readonly experts: number;
    readonly strategy?: MoeStrategy;
    /** Set by dispatchMoe: the expert inputs are moeDispatch slot outputs, scattered back here. */
    readonly slots?: {
      readonly router: RouterKind;
      readonly topK: number;
      readonly capacity: number;
    };
  };
  /**
   * Made by dispatchMoe for `strategy: dispatch`: inputs [x [B,T,d], gates [B,T,E]] → expert
   * `expert`'s routed tokens in token order, zero-padded to its slot count (runtime/ops/moe-slots.ts
   * slotCount: ⌈capacity·N·topK/E⌉ capped at N, k per expert for expert choice, the largest expert's
   * share for hash routing), at run time [1, slots, d]. The IR keeps the shape [B,T,d]: expert
   * bodies are position-wise, so every node of the expert reads it as a [B,T,d] batch.
   */
  readonly moeDispatch: {
    readonly expert: number;
    readonly experts: number;
    readonly router: RouterKind;
    readonly topK: number;
    readonly capacity: number;
    readonly d: number;
  };
  /**
   * DenseFormer: inputs [X_j for j in the site's set, oldest first] → Σ α_j X_j;
   * param `weights [n]` initialised one-hot on the last input (identity at init).
   */
  readonly dwa: { readonly site: number; readonly sources: readonly number[] };
  /**
   * BERMo scalar mix (constructs.md §4.3): inputs [h_0 … h_L] (h_0 the stream entering the repeat,
   * h_j the output of layer j) → γ · Σ_j softmax(s)_j h_j; params `weights [L+1]` (s, zeros: a
   * uniform mix at init) and `gamma [1]` (ones).
   */
  readonly scalarMix: { readonly layers: number };
  /**
   * BAM's soft mixture-of-attention (constructs.md §7.5): inputs [x [B,T,d] (the router's input),
   * a [B,T,experts·heads·headDim] (every expert's attention heads, in `layout`, spec/moa.ts)] →
   * a with expert i's heads scaled by softmax(x·W_r)_i. Param `router [d, experts]`.
   */
  readonly moaMix: {
    readonly d: number;
    readonly experts: number;
    readonly heads: number;
    readonly headDim: number;
    readonly layout: MoaLayout;
  };
  /**
   * p-MoD (constructs.md §8.1, compiler/ir/ops/pmod.ts): the router r [B,T,1] (zero-initialised),
   * the gather of the k = ⌊ρ·T⌋ top-scored tokens in order, the TanhNorm weight ŵ = 0.2·tanh(r)+1
   * on the FFN branch of the kept tokens, and the scatter back (ŵ·x for skipped tokens). The IR
   * keeps [B,T,d] between gather and scatter; at run time the kept sequence is [B,k,d].
   */
  readonly modRouter: { readonly d: number };
  readonly modGather: { readonly ratio: number };
  readonly modWeigh: { readonly ratio: number };
  readonly modScatter: { readonly ratio: number };
  /**
   * Tied LM head: inputs [h [B,T,d]] → logits [B,T,vocab] = h · tableᵀ, where `table` is the name
   * of the `[vocab, d]` parameter owned by an `embedding` node. No params of its own.
   */
  readonly tiedHead: { readonly table: string; readonly vocab: number; readonly d: number };
  /**
   * MSG growth mask: inputs [x [..., n]] → x ⊙ m, m = [1]*old ++ [c]*(n-old), c ramps 0→1 linearly
   * from `start` over `steps` optimizer steps. Non-trainable.
   */
  readonly growMask: { readonly old: number; readonly start: number; readonly steps: number };
  /**
   * Made by passes (mergeQkv, fuseLinearActivation, foldAttentionScale): inputs [x [..., in]] →
   * act(x · (K_0·s_0 ‖ … ‖ K_n·s_n) + (b_0·s_0 ‖ …)), [..., Σ outs]. Params per part: `kernel
   * [in, outs_i]` (+ `bias [outs_i]`), keeping the names of the linears it replaces.
   */
  readonly fusedLinear: {
    readonly in: number;
    readonly outs: readonly number[];
    readonly bias: boolean;
    readonly activation: FusedActivation;
    readonly scales: readonly number[];
  };
}

export type OpKind = keyof OpAttrs;

/** The norms an addNorm can apply (the kinds fuseAddNorm folds into the add before them). */
export type AddNormKind = "layerNorm" | "rmsNorm";

/** A growth mask's ramp: m = [1]·old ++ [c]·(n − old), c = clamp((step − start) / steps, 0, 1). */
export interface GrowRamp {
  readonly old: number;
  readonly start: number;
  readonly steps: number;
}

/** One node of the graph. `inputs` refer to earlier nodes (topological order is an invariant). */
export interface NodeOf<K extends OpKind> {
  readonly id: NodeId;
  readonly kind: K;
  readonly inputs: readonly NodeId[];
  readonly attrs: OpAttrs[K];
  readonly shape: Shape;
  readonly dtype: DType;
  /**
   * Parameters of this node, one per slot of its op (`ops/<kind>.ts` `params(attrs)`, same order;
   * the name ends with `.<slot>`). An entry with `tiedTo` is a reference to a parameter owned
   * by an earlier node (`share`); every other entry is owned here, once in the whole graph.
   */
  readonly params: readonly ParamSpec[];
  /** A readable local name from the source (`q`, `h`, `attn_out`), used by codegen for variables. */
  readonly name: string;
  readonly origin: Origin;
}

export type Node = { [K in OpKind]: NodeOf<K> }[OpKind];

/** A whole model after lowering. */
export interface Graph {
  readonly version: 2;
  readonly name: string;
  /** Source file, relative to the working directory, for headers and back-references. */
  readonly source: string;
  readonly nodes: readonly Node[];
  readonly inputs: readonly NodeId[];
  /** [logits [B,T,vocab]] */
  readonly outputs: readonly NodeId[];
  readonly meta: {
    readonly vocab: number;
    readonly context: number;
    readonly width: number;
    /** The model's early exits (`repeat … with layerskip | exits`). */
    readonly exits?: ExitSpec;
  };
  /** The model's structure as lowering knew it, indexed by ScopeId (structure.ts); [0] is the model. */
  readonly structure: readonly StructureScope[];
}
