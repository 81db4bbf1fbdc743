// Stable, readable identifiers for the generated program, derived from source names: `attn_out` →
// `attnOut`, a block `CausalSelfAttention` → function `causalSelfAttention`; clashes get 2, 3, ….

const RESERVED = new Set(
  (
    "break case catch class const continue debugger default delete do else enum export extends false " +
    "finally for function if import in instanceof new null return super switch this throw true try " +
    "typeof var void while with as implements interface let package private protected public static " +
    "yield await async of any boolean number string symbol type undefined NaN Infinity arguments eval " +
    "process console globalThis Math Object Array String Number Boolean Map Set Error Promise JSON"
  ).split(" "),
);

/** `attn_out` → `attnOut`, `Layer` → `Layer`; anything not an identifier character separates words. */
export function camelCase(source: string): string {
  const words = source.split(/[^A-Za-z0-9]+/).filter((w) => w.length > 0);
  const joined = words.map((w, i) => (i === 0 ? w : w[0]!.toUpperCase() + w.slice(1))).join("");
  return joined;
}

/** A valid, non-reserved identifier from a source name (`fallback` when nothing usable remains). */
export function identifier(source: string, fallback: string): string {
  let id = camelCase(source);
  if (id.length === 0) id = fallback;
  if (/^[0-9]/.test(id)) id = `${fallback}${id}`;
  return RESERVED.has(id) ? `${id}_` : id;
}

/** The function name of a block: `CausalSelfAttention` → `causalSelfAttention`. */
export function functionName(block: string): string {
  return identifier(lowerLeading(camelCase(block)), "block");
}

/** Lower-cases a leading run of capitals, keeping the one that starts the next word: `MLP` → `mlp`, `GPTJLayer` → `gptjLayer`. */
function lowerLeading(id: string): string {
  const run = /^[A-Z0-9]*/.exec(id)?.[0] ?? "";
  if (run.length === id.length) return id.toLowerCase();
  const cut = run.length > 1 && /[a-z]/.test(id[run.length] ?? "") ? run.length - 1 : run.length;
  return id.slice(0, cut).toLowerCase() + id.slice(cut);
}

/** The name of the forward parameter holding the model input (`input tokens: …` → `tokens`). */
export function inputParamName(source: string): string {
  return identifier(source, "tokens");
}

/** One naming scope (a module or a function body): every name handed out is distinct. */
export class NameScope {
  private readonly used: Set<string>;

  constructor(
    reserved: Iterable<string> = [],
    private readonly parent?: NameScope,
  ) {
    this.used = new Set(reserved);
  }

  /** True when an enclosing scope (the module) holds `name`. */
  inherited(name: string): boolean {
    return this.parent?.has(name) ?? false;
  }

  has(name: string): boolean {
    return this.used.has(name) || (this.parent?.has(name) ?? false);
  }

  /** Claims `name` as is (the caller knows it is free, e.g. a parameter). */
  claim(name: string): string {
    this.used.add(name);
    return name;
  }

  /** A fresh name based on `source`: `h`, then `h2`, `h3`, …. */
  fresh(source: string, fallback = "t"): string {
    const base = identifier(source, fallback);
    let name = base;
    for (let i = 2; this.has(name); i++) name = `${base}${i}`;
    this.used.add(name);
    return name;
  }
}
