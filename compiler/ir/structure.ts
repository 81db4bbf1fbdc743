// The model's structure beside the flat graph: a tree of construct instances (model → repeat →
// iteration → block instance → residual / parallel / moe → …), recorded by lowering while it builds
// the nodes, so that codegen folding, the picture, the report and growth read it instead of
// guessing it back from parameter names or node patterns. Each node names its innermost scope
// (`origin.scope`); the nodes of every scope's subtree are one contiguous run in graph order
// (verify-structure.ts). Parameter names stay the identity of weights, not the source of structure.
import type { Span } from "../../grammar/core/source.ts";
import type { ExitSpec } from "../../spec/exits.ts";
import type { RouterKind } from "../../spec/moe.ts";

/** Index into `Graph.structure`; 0 is the model. */
export type ScopeId = number;

export type NormKind = "layernorm" | "rmsnorm";

/** A block argument as the generated code and the report show it (tensors and layers are not recorded). */
export type ScalarArg = number | boolean | string;

/** What each kind of scope records about its construct, by kind. */
export interface ScopeAttrs {
  /** The whole model (the root). `stage`: the growth stage this graph is (0 = the base model). */
  readonly model: { readonly name: string; readonly stage: number };
  /**
   * An instance of a user or stdlib block. `instance` is its naming prefix (`blocks.3.mlp`), also
   * the prefix of its parameters; `shared` for a `share`d layer's applications (tied parameters).
   */
  readonly block: {
    readonly block: string;
    readonly instance: string;
    readonly args: Readonly<Record<string, ScalarArg>>;
    readonly shared: boolean;
  };
  /** `repeat count as index { … }` (with `dwa`: the DenseFormer sites are its `dwa` nodes). */
  readonly repeat: {
    readonly count: number;
    readonly index?: string;
    readonly dwa?: { readonly dilation: number; readonly period: number };
    /** `with layerskip | exits`: the exits (their nodes are `layerDrop` and `exitOut`). */
    readonly exits?: ExitSpec;
    /** `with scalar_mix`: the repeat's value is its `scalarMix` node (BERMo, §4.3). */
    readonly scalarMix?: true;
    /** `with pmod(mean, max, min)`: p-MoD's progressive ratio decay over the iterations (§8.1). */
    readonly pmod?: { readonly mean: number; readonly max: number; readonly min: number };
  };
  /** One unrolled copy of a repeat body: 0-based `index`, naming prefix `instance` (`blocks.3`). */
  readonly iteration: {
    readonly index: number;
    readonly instance: string;
    /** In a `with pmod` repeat, a routed layer's keep ratio ρ (dense layers have none). */
    readonly keep?: number;
  };
  /** `residual(placement, norm, scale: s) { F }` (constructs.md §3); DeepNorm's α, β; Sub-LN's γ. */
  readonly residual: {
    readonly placement: string;
    readonly norm: NormKind;
    readonly scale: number;
    readonly alpha?: number;
    readonly beta?: number;
    readonly gamma?: number;
  };
  /** `parallel(shared_norm, norm) { A; B }` (constructs.md §4.1). */
  readonly parallel: { readonly sharedNorm: boolean; readonly norm: NormKind };
  /** One branch of a parallel (0-based). */
  readonly branch: { readonly index: number };
  /** A mixture-of-experts layer (constructs.md §7): its router and experts. */
  readonly moe: {
    readonly router: RouterKind;
    readonly experts: number;
    readonly topK: number;
    readonly capacity: number;
    readonly balance: number;
    readonly shared: number;
  };
  /** One expert of a moe: routed (`experts.<i>`) or always-on shared (`shared.<i>`). */
  readonly expert: { readonly index: number; readonly shared: boolean; readonly instance: string };
  /**
   * An early exit's norm and head on the stream after layer `layer` (constructs.md §8.2, §8.3), and
   * its `exitOut`: `shared` (LayerSkip) reuses the model's `ln_f` and `head`, else own weights under
   * `instance` (`exits.1`).
   */
  readonly exit: { readonly layer: number; readonly shared: boolean; readonly instance: string };
  /** The mixing nodes a depth-growth event adds around a new block (h ← h + c·(Block(h) − h)). */
  readonly growMix: { readonly instance: string };
}

export type ScopeKind = keyof ScopeAttrs;

/** One scope of the structure tree. `parent` is null only for the model (id 0). */
export type ScopeOf<K extends ScopeKind> = {
  readonly id: ScopeId;
  readonly kind: K;
  readonly parent: ScopeId | null;
  /** The source construct (the block call, the `repeat`, the `residual` statement…). */
  readonly span: Span;
} & ScopeAttrs[K];

export type StructureScope = { [K in ScopeKind]: ScopeOf<K> }[ScopeKind];

/** What lowering says about a new scope; the builder fills in id and parent. */
export type ScopeSpec = {
  [K in ScopeKind]: { readonly kind: K; readonly span: Span } & ScopeAttrs[K];
}[ScopeKind];

/** A scope's own facts without its place in the tree (to copy it elsewhere). */
export function scopeSpec(s: StructureScope): ScopeSpec {
  const copy: { -readonly [K in keyof StructureScope]?: StructureScope[K] } = { ...s };
  delete copy.id;
  delete copy.parent;
  return copy as ScopeSpec;
}

/** The chain of scopes from the model down to `id` (model first). */
export function scopeChain(structure: readonly StructureScope[], id: ScopeId): StructureScope[] {
  const chain: StructureScope[] = [];
  for (let s: StructureScope | undefined = structure[id]; s !== undefined;) {
    chain.push(s);
    s = s.parent === null ? undefined : structure[s.parent];
  }
  return chain.reverse();
}

/** True when scope `inner` is `outer` or lies inside it. */
export function within(
  structure: readonly StructureScope[],
  inner: ScopeId,
  outer: ScopeId,
): boolean {
  for (let s: StructureScope | undefined = structure[inner]; s !== undefined;) {
    if (s.id === outer) return true;
    s = s.parent === null ? undefined : structure[s.parent];
  }
  return false;
}

/** The direct children of each scope, in id order (creation order, which is graph order). */
export function childScopes(structure: readonly StructureScope[]): Map<ScopeId, StructureScope[]> {
  const kids = new Map<ScopeId, StructureScope[]>();
  for (const s of structure) {
    if (s.parent === null) continue;
    const list = kids.get(s.parent) ?? [];
    list.push(s);
    kids.set(s.parent, list);
  }
  return kids;
}

/**
 * For each scope id, the outermost scope of `kind` that is it or encloses it (null when none).
 * One pass in id order: every parent is an earlier scope (verify-structure.ts).
 */
export function outermostOfKind(
  structure: readonly StructureScope[],
  kind: ScopeKind,
): (ScopeId | null)[] {
  const out: (ScopeId | null)[] = [];
  for (const s of structure) {
    const above = s.parent === null ? null : (out[s.parent] ?? null);
    out[s.id] = above ?? (s.kind === kind ? s.id : null);
  }
  return out;
}

/**
 * The model's layers (constructs.md §8.4): the iteration scopes inside no other iteration (each
 * unrolled copy of a repeat, however deep the repeat sits in blocks), in graph order; an iteration
 * inside a layer is part of that layer. The one definition `archc drop` numbers layers by
 * (drop/layers.ts) and the model description lists them by (describe.ts).
 */
export function layerScopes(structure: readonly StructureScope[]): ScopeOf<"iteration">[] {
  const outer = outermostOfKind(structure, "iteration");
  return structure.filter(
    (s): s is ScopeOf<"iteration"> => s.kind === "iteration" && outer[s.id] === s.id,
  );
}
