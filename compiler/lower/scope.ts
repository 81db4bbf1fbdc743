// Hierarchical names for parameters and block instances (`blocks.3.causal_self_attention.q`).
// A Scope hands out unique child names; a shared layer's scope marks its params as tied on reuse.
//
// The naming scheme (docs: compiler/lower/README.md):
//   - a model's repeat iterations are `blocks.<n>` (n counts every repeated block of the scope);
//   - a residual, parallel branch or MoE is named after its lone statement: the callee in snake
//     case (`causal_self_attention`, `mlp`, `moe_ffn`), `moe`, `parallel`; several statements: `sublayer`;
//   - a lone statement adopts its container's scope instead of nesting one more level;
//   - an assigned value takes its name (`q = Linear(…)(x)` → `q`), a returned layer is `out`,
//     anonymous primitive layers are numbered per kind (`linear_0`, `linear_1`);
//   - norms added by a residual: `ln_in`, `ln_out`, `ln_post`, `ln_sub`; parallel: `ln` or `ln_<k>`;
//     the final norm `ln_f`, the head `head`, embeddings `token_embedding`, `learned_positions`;
//   - MoE: `router`, `experts.<i>`, `shared.<j>`; DWA after block i (1-based): `dwa.<i>`;
//   - `share ffn = …` lives under `ffn`; later uses reference the same names (tiedTo);
//   - a clash with a name already taken in the scope gets a suffix `_1`, `_2`, ….

/** Joins path segments with dots, skipping empty ones. */
export function joinName(...parts: readonly string[]): string {
  return parts.filter((p) => p.length > 0).join(".");
}

/** `CausalSelfAttention` → `causal_self_attention`, `MoeFFN` → `moe_ffn`, `PreLNBlock` → `pre_ln_block`. */
export function snakeCase(name: string): string {
  return splitWords(name).join("_");
}

/** `CausalSelfAttention` → `causal-self-attention` (stdlib file names). */
export function kebabCase(name: string): string {
  return splitWords(name).join("-");
}

function splitWords(name: string): string[] {
  const spaced = name
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .replace(/_/g, " ");
  return spaced
    .split(/\s+/)
    .filter((w) => w.length > 0)
    .map((w) => w.toLowerCase());
}

export class Scope {
  private readonly taken = new Set<string>();
  private readonly counters = new Map<string, number>();
  private blockCount = 0;

  /** `path` is the full dotted name ("" at the model root); `tie` marks a shared layer's scope. */
  constructor(
    readonly path: string,
    readonly tie = false,
  ) {}

  /** `base`, or `base_1`, `base_2`, … when taken. */
  unique(base: string): string {
    let name = base;
    for (let k = 1; this.taken.has(name); k++) name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** `base_0`, `base_1`, … (anonymous primitive layers). */
  numbered(base: string): string {
    let k = this.counters.get(base) ?? 0;
    while (this.taken.has(`${base}_${k}`)) k++;
    this.counters.set(base, k + 1);
    const name = `${base}_${k}`;
    this.taken.add(name);
    return name;
  }

  /** The next repeated block index of this scope (`blocks.<n>`). */
  nextBlock(): number {
    return this.blockCount++;
  }

  /** A child scope with a name already made unique by the caller. */
  child(name: string): Scope {
    return new Scope(joinName(this.path, name), this.tie);
  }

  /** The full dotted name of a child. */
  full(name: string): string {
    return joinName(this.path, name);
  }
}
