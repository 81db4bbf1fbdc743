// BAM's soft mixture-of-attention facts shared by compiler and runtime (constructs.md §7.5): the
// `moa_mix(…)` defaults, the layout of the experts' heads in the query and output widths, and the
// per-expert parameter formula. Plain numbers, no tfjs.

/** `moa_mix(a, x, experts, heads, shared_kv = true)`: BAM's default shares K/V across experts. */
export const MOA_DEFAULTS = { sharedKv: true } as const satisfies { readonly sharedKv: boolean };

/**
 * Where expert e's head h sits among the E·H query (and attention-output) heads:
 * - `expert` (separate K/V per expert): index e·H + h, the experts one after another, so that the
 *   grouped attention (query head i reads K/V head ⌊i / (H/G)⌋) gives expert e its own K/V heads
 *   e·G … e·G + G − 1;
 * - `head` (shared K/V): index h·E + e, the experts of one head side by side, so that the same
 *   grouping gives every expert's head h the one shared K/V head ⌊h / (H/G)⌋.
 */
export const MOA_LAYOUTS = ["expert", "head"] as const;
export type MoaLayout = (typeof MOA_LAYOUTS)[number];

/** The layout that `shared_kv` implies. */
export function moaLayout(sharedKv: boolean): MoaLayout {
  return sharedKv ? "head" : "expert";
}

/** The position of expert e's head h among the E·H heads (see MOA_LAYOUTS). */
export function moaHeadIndex(
  layout: MoaLayout,
  e: number,
  h: number,
  E: number,
  H: number,
): number {
  return layout === "expert" ? e * H + h : h * E + e;
}

/** What MixtureOfAttention's parameter count depends on. */
export interface MoaSizes {
  readonly d: number;
  readonly heads: number;
  readonly kvHeads: number;
  readonly experts: number;
  readonly sharedKv: boolean;
  readonly bias: boolean;
}

/**
 * Parameters of std.attention.MixtureOfAttention: per expert W_Q, b_Q [d·d + d] and W_O [d·d];
 * K/V once (shared) or per expert, [d·dkv + dkv] each; one output bias b_O [d] (the mixture weights
 * sum to 1, so Σ_i p_i·b_O = b_O: one bias serves every expert); the router W_r [d·E].
 */
export function moaParamCount(s: MoaSizes): number {
  const dkv = s.kvHeads * (s.d / s.heads);
  const b = s.bias ? 1 : 0;
  const kvSets = s.sharedKv ? 1 : s.experts;
  return (
    s.experts * (s.d * s.d + b * s.d + s.d * s.d) +
    kvSets * 2 * (s.d * dkv + b * dkv) +
    b * s.d +
    s.d * s.experts
  );
}
