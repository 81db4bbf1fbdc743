// Mixture-of-experts facts shared by compiler and runtime: the router kinds, the `moe(…)` defaults,
// the strategies, and how many tokens (slots) one expert takes. Plain numbers, no tfjs.

/** The routers of `moe(router: …)` (constructs.md §7). */
export const ROUTER_KINDS = ["softmax", "switch", "expert_choice", "hash"] as const;
export type RouterKind = (typeof ROUTER_KINDS)[number];

/** How a MoE layer runs its experts: every expert on every token, or each on its routed tokens only. */
export const MOE_STRATEGIES = ["dense", "dispatch"] as const;
export type MoeStrategy = (typeof MOE_STRATEGIES)[number];

/** `moe(experts, top_k = 2, router = softmax, capacity = 1.25, balance = 0.01, shared = 0)`. */
export const MOE_DEFAULTS = {
  topK: 2,
  router: "softmax",
  capacity: 1.25,
  balance: 0.01,
  shared: 0,
} as const satisfies {
  readonly topK: number;
  readonly router: RouterKind;
  readonly capacity: number;
  readonly balance: number;
  readonly shared: number;
};

/** Tokens per expert under top-k routing with a capacity factor: ⌈cf·n·k/e⌉ (k within [1, e]), at most n. */
export function topKCapacity(
  n: number,
  experts: number,
  k: number,
  capacityFactor: number,
): number {
  const kk = Math.min(Math.max(1, k), experts);
  return Math.min(n, Math.ceil((capacityFactor * n * kk) / experts));
}

/** Tokens per expert under switch routing: ⌈cf·n/e⌉, within [1, n]. */
export function switchCapacity(n: number, experts: number, capacityFactor: number): number {
  return Math.min(n, Math.max(1, Math.ceil((capacityFactor * n) / experts)));
}

/** Tokens per expert under expert choice: k = n·c/e, rounded, within [1, n]. */
export function expertChoiceK(n: number, experts: number, capacityFactor: number): number {
  return Math.min(n, Math.max(1, Math.round((n * capacityFactor) / experts)));
}

/** What fixes a MoE layer's slot count (the attributes of moeDispatch / moeCombine `slots`). */
export interface SlotRule {
  readonly router: RouterKind;
  readonly experts: number;
  readonly topK: number;
  /** The capacity factor of the layer. */
  readonly capacity: number;
}

/**
 * Slots per expert for n tokens: the most tokens the router can send to one expert. Hash routing
 * has no capacity (the runtime counts the largest expert's tokens per batch); statically it is
 * estimated as switch routing's ⌈cf·n/e⌉.
 */
export function slotsPerExpert(o: SlotRule, n: number): number {
  if (o.router === "expert_choice") return expertChoiceK(n, o.experts, o.capacity);
  if (o.router === "softmax") return topKCapacity(n, o.experts, o.topK, o.capacity);
  return switchCapacity(n, o.experts, o.capacity);
}
