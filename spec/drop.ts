// Layer dropping after training (constructs.md §8.4; attention-sublayer dropping, §5.3): which
// layers of a trained model are removed, the layer-dropping paper's fixed strategies, and the
// checks on a list of layer indices. Shared by the compiler (compiler/drop/), which cuts the
// layers out of the IR, the build record (spec/build.ts) and `archc drop`. Plain data, no tfjs.

/**
 * The layers removed from a model, by their 0-based index among the model's outermost repeat
 * iterations (`blocks.<i>`, compiler/ir/structure.ts's layerScopes) as trained. `layers`: the whole block is the identity
 * (x_{ℓ+1} = x_ℓ); `attention`: only the block's attention sublayer is
 * (x_{ℓ+1} = x_ℓ + FFN(LN(x_ℓ))). Both sorted, no index in both.
 */
export interface DropSpec {
  readonly layers: readonly number[];
  readonly attention: readonly number[];
}

/** The layer-dropping paper's fixed strategies (`archc drop --strategy`). */
export const DROP_STRATEGIES = ["top", "bottom", "alternate", "symmetric"] as const;
export type DropStrategy = (typeof DROP_STRATEGIES)[number];

/**
 * The K layers a strategy removes from L layers (0-based, ascending):
 * - top: the last K, L−K … L−1;
 * - bottom: the first K, 0 … K−1;
 * - alternate: every other layer from the top, L−1, L−3, …, L−2K+1 (needs 2K−1 ≤ L);
 * - symmetric: K consecutive layers centred in the stack, s … s+K−1 with s = ⌊(L−K)/2⌋.
 * Returns a message instead when K does not fit (1 ≤ K < L; alternate: 2K−1 ≤ L).
 */
export function strategyLayers(
  strategy: DropStrategy,
  k: number,
  depth: number,
): number[] | string {
  if (!Number.isInteger(k) || k < 1 || k >= depth)
    return `--count must be an integer from 1 to ${depth - 1} (the model has ${depth} layers; at least one stays), got ${k}`;
  const range = (from: number): number[] => Array.from({ length: k }, (_, i) => from + i);
  switch (strategy) {
    case "top":
      return range(depth - k);
    case "bottom":
      return range(0);
    case "symmetric":
      return range(Math.floor((depth - k) / 2));
    case "alternate":
      if (2 * k - 1 > depth)
        return `--strategy alternate drops every other layer from the top: at most ${Math.ceil(depth / 2)} of ${depth} layers, got --count ${k}`;
      return Array.from({ length: k }, (_, i) => depth - 1 - 2 * i).reverse();
  }
}

/**
 * Why `indices` (0-based, as given) cannot be dropped from `depth` layers, or undefined: each must
 * be an index of a layer, none twice. `what` names the list in the message (`--layers`).
 */
export function indexProblem(
  what: string,
  indices: readonly number[],
  depth: number,
): string | undefined {
  const bad = indices.find((i) => !Number.isInteger(i) || i < 0 || i >= depth);
  if (bad !== undefined)
    return `${what}: layer ${bad} does not exist (the model has ${depth} layers, 0 to ${depth - 1})`;
  const twice = indices.find((i, k) => indices.indexOf(i) !== k);
  if (twice !== undefined) return `${what}: layer ${twice} is named twice`;
  return undefined;
}

/** The empty spec: nothing dropped. */
export const NO_DROP: DropSpec = { layers: [], attention: [] };

/** True when the spec drops nothing. */
export function dropsNothing(spec: DropSpec | undefined): boolean {
  return spec === undefined || (spec.layers.length === 0 && spec.attention.length === 0);
}
