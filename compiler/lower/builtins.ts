// The single home of the built-in names of the language (docs/builtins.md must agree): types and
// enums, primitive layers, tensor and scalar functions, and the signatures of structural forms.
import { ACTIVATIONS } from "../../spec/activations.ts";
import { EXIT_CURRICULA, EXIT_DEFAULTS, EXIT_RULES } from "../../spec/exits.ts";
import { MOA_DEFAULTS } from "../../spec/moa.ts";
import { MOE_DEFAULTS, ROUTER_KINDS } from "../../spec/moe.ts";
import { PMOD_DEFAULTS } from "../../spec/pmod.ts";
import { LAYER_NORM_EPS, RMS_NORM_EPS } from "../../spec/norms.ts";
import type { PrimName, Value } from "./values.ts";
import { bool, enumValue, float, int } from "./values.ts";

/** A parameter or constant type. Enums list their members; `deepnorm` carries arguments. */
export type TypeSpec =
  | { readonly k: "int" }
  | { readonly k: "float" }
  | { readonly k: "bool" }
  | { readonly k: "string" }
  | { readonly k: "enum"; readonly name: string; readonly members: readonly string[] }
  /** A type that was already reported as unknown: accepts anything, so errors do not cascade. */
  | { readonly k: "unknown" };

export const INT: TypeSpec = { k: "int" };
export const FLOAT: TypeSpec = { k: "float" };
export const BOOL: TypeSpec = { k: "bool" };
export const STRING: TypeSpec = { k: "string" };

const enumType = (name: string, members: readonly string[]): TypeSpec => ({
  k: "enum",
  name,
  members,
});

export { ACTIVATIONS };
export const NORM_KINDS = ["layernorm", "rmsnorm"] as const;
export const PLACEMENTS = [
  "pre",
  "post",
  "peri",
  "sandwich",
  "sub",
  "none",
  "deepnorm",
  "mixln",
] as const;
export const ROUTERS = ROUTER_KINDS;

/** Named types usable in `param: type` and `const x: type`. */
export const NAMED_TYPES: ReadonlyMap<string, TypeSpec> = new Map([
  ["int", INT],
  ["float", FLOAT],
  ["bool", BOOL],
  ["string", STRING],
  ["act", enumType("act", ACTIVATIONS)],
  ["normkind", enumType("normkind", NORM_KINDS)],
  ["placement", enumType("placement", PLACEMENTS)],
  ["router", enumType("router", ROUTERS)],
  ["curriculum", enumType("curriculum", EXIT_CURRICULA)],
  ["exitrule", enumType("exitrule", EXIT_RULES)],
  // `layerskip(exits: all)`; `exits: none` reads the placement member `none`
  ["exitset", enumType("exitset", ["all"])],
]);

/** Every builtin enum member, with the type it belongs to (for messages: "`rmsnorm` (a normkind)"). */
export const ENUM_MEMBERS: ReadonlyMap<string, string> = new Map(
  (
    ["act", "normkind", "placement", "router", "curriculum", "exitrule", "exitset"] as const
  ).flatMap((t) => {
    const ty = NAMED_TYPES.get(t);
    return ty?.k === "enum" ? ty.members.map((m) => [m, t] as const) : [];
  }),
);

/** Text of a type for messages: `int`, `act (gelu | relu | …)`. */
export function showType(t: TypeSpec): string {
  if (t.k === "unknown") return "an unknown type";
  if (t.k !== "enum") return t.k;
  const list = t.members.join(" | ");
  return t.name === list ? list : `${t.name} (${list})`;
}

/** A parameter of a builtin signature; `default` absent means required. */
export interface BuiltinParam {
  readonly name: string;
  readonly type: TypeSpec;
  readonly default?: Value | { readonly sameAs: string };
}

export interface Signature {
  readonly name: string;
  readonly params: readonly BuiltinParam[];
}

const p = (name: string, type: TypeSpec, dflt?: Value | { sameAs: string }): BuiltinParam =>
  dflt === undefined ? { name, type } : { name, type, default: dflt };

/** Primitive layers (capitalised; applied to the stream or with a second argument list). */
export const PRIMITIVES: ReadonlyMap<PrimName, Signature> = new Map<PrimName, Signature>([
  [
    "Linear",
    { name: "Linear", params: [p("in", INT), p("out", INT), p("bias", BOOL, bool(true))] },
  ],
  [
    "LayerNorm",
    {
      name: "LayerNorm",
      params: [p("d", INT), p("eps", FLOAT, float(LAYER_NORM_EPS)), p("bias", BOOL, bool(true))],
    },
  ],
  ["RMSNorm", { name: "RMSNorm", params: [p("d", INT), p("eps", FLOAT, float(RMS_NORM_EPS))] }],
  ["Dropout", { name: "Dropout", params: [p("p", FLOAT)] }],
  ["TokenEmbedding", { name: "TokenEmbedding", params: [p("vocab", INT), p("d", INT)] }],
  ["LearnedPositions", { name: "LearnedPositions", params: [p("ctx", INT), p("d", INT)] }],
  ["SinusoidalPositions", { name: "SinusoidalPositions", params: [p("ctx", INT), p("d", INT)] }],
]);

/** Placement `deepnorm(alpha, beta)` arguments. */
export const DEEPNORM: Signature = {
  name: "deepnorm",
  params: [p("alpha", FLOAT), p("beta", FLOAT)],
};

/** Placement `sub(gamma)` arguments: Sub-LN with Magneto's γ-scaled Xavier init (bare `sub` keeps the default init). */
export const SUBLN: Signature = { name: "sub", params: [p("gamma", FLOAT)] };

/** Mix-LN's α when `mixln` is written without arguments (the Mix-LN paper's default). */
export const MIXLN_ALPHA = 0.25;

/**
 * Placement `mixln(alpha)`: Post-LN in layers ℓ < ⌊αL⌋ of the enclosing repeat, Pre-LN in the rest
 * (constructs.md §3.5); residual.ts resolves it from the repeat's index and count.
 */
export const MIXLN: Signature = { name: "mixln", params: [p("alpha", FLOAT, float(MIXLN_ALPHA))] };

/** The placements that take arguments: `deepnorm(alpha:, beta:)`, `sub(gamma:)`, `mixln(alpha:)`. */
export const PLACEMENT_CALLS: ReadonlyMap<string, Signature> = new Map([
  ["deepnorm", DEEPNORM],
  ["sub", SUBLN],
  ["mixln", MIXLN],
]);

/** RoPE's base when `rope_base` is not written (the RoFormer paper's 10000). */
export const ROPE_BASE = 10000;

/**
 * `attend(q, k, v, heads:, kv_heads: = heads, causal: = true, rope: = false, rope_base: = 10000,
 * alibi: = false, memory: = 0)`; q, k, v are tensors.
 */
export const ATTEND: Signature = {
  name: "attend",
  params: [
    p("heads", INT),
    p("kv_heads", INT, { sameAs: "heads" }),
    p("causal", BOOL, bool(true)),
    p("rope", BOOL, bool(false)),
    p("rope_base", FLOAT, float(ROPE_BASE)),
    p("alibi", BOOL, bool(false)),
    p("memory", INT, int(0)),
  ],
};

/**
 * `moa_mix(a, x, experts:, heads:, shared_kv: = true)` (BAM, constructs.md §7.5): a holds every
 * expert's attention heads, x is the router's input (defaults: spec/moa.ts).
 */
export const MOA_MIX: Signature = {
  name: "moa_mix",
  params: [p("experts", INT), p("heads", INT), p("shared_kv", BOOL, bool(MOA_DEFAULTS.sharedKv))],
};

/** `scale(x, s)`: s is a compile-time float. */
export const SCALE: Signature = { name: "scale", params: [p("s", FLOAT)] };

/** Structural forms (an argument name may be a reserved word: `parallel(norm: rmsnorm)`). */
export const RESIDUAL: Signature = {
  name: "residual",
  params: [
    p("placement", NAMED_TYPES.get("placement")!),
    p("norm", NAMED_TYPES.get("normkind")!, enumValue("layernorm")),
    p("scale", FLOAT, float(1)),
  ],
};
export const PARALLEL: Signature = {
  name: "parallel",
  params: [
    p("shared_norm", BOOL, bool(true)),
    p("norm", NAMED_TYPES.get("normkind")!, enumValue("layernorm")),
  ],
};
export const MOE: Signature = {
  name: "moe",
  params: [
    p("experts", INT),
    p("top_k", INT, int(MOE_DEFAULTS.topK)),
    p("router", NAMED_TYPES.get("router")!, enumValue(MOE_DEFAULTS.router)),
    p("capacity", FLOAT, float(MOE_DEFAULTS.capacity)),
    p("balance", FLOAT, float(MOE_DEFAULTS.balance)),
    p("shared", INT, int(MOE_DEFAULTS.shared)),
  ],
};
export const DWA: Signature = {
  name: "dwa",
  params: [p("dilation", INT, int(1)), p("period", INT, int(1))],
};

/** Any value: the lowering checks it itself (`exits: all | none | 3 | (1, 3)`). */
const ANY: TypeSpec = { k: "unknown" };

/**
 * `repeat L with layerskip(…)` (constructs.md §8.2): layer dropout with p_max, the time curriculum
 * S(t) when `time`, early exits through the shared final norm and head at `exits`.
 */
export const LAYERSKIP: Signature = {
  name: "layerskip",
  params: [
    p("p_max", FLOAT, float(EXIT_DEFAULTS.pMax)),
    p("time", BOOL, bool(true)),
    p("exits", ANY, enumValue("all")),
    p("scale", FLOAT, float(EXIT_DEFAULTS.scale)),
    p("curriculum", NAMED_TYPES.get("curriculum")!, enumValue(EXIT_DEFAULTS.curriculum)),
    p("every", INT, int(EXIT_DEFAULTS.every)),
    p("rule", NAMED_TYPES.get("exitrule")!, enumValue(EXIT_DEFAULTS.rule)),
    p("threshold", FLOAT, float(EXIT_DEFAULTS.threshold)),
  ],
};

/** `repeat L with exits(at: (1, 3), …)` (§8.3): an own norm and head on each chosen layer. */
export const EXITS: Signature = {
  name: "exits",
  params: [
    p("at", ANY),
    p("rule", NAMED_TYPES.get("exitrule")!, enumValue(EXIT_DEFAULTS.rule)),
    p("threshold", FLOAT, float(EXIT_DEFAULTS.threshold)),
  ],
};

/** `with pmod(mean, max, min)` on a repeat: p-MoD's ratio decay (defaults: spec/pmod.ts). */
export const PMOD: Signature = {
  name: "pmod",
  params: [
    p("mean", FLOAT, float(PMOD_DEFAULTS.mean)),
    p("max", FLOAT, float(PMOD_DEFAULTS.max)),
    p("min", FLOAT, float(PMOD_DEFAULTS.min)),
  ],
};

/** Compile-time scalar functions: name → arity. */
export const SCALAR_FUNCTIONS: ReadonlyMap<string, number> = new Map([
  ["sqrt", 1],
  ["log", 1],
  ["exp", 1],
  ["min", 2],
  ["max", 2],
  ["floor", 1],
  ["ceil", 1],
]);

/** Every builtin name, for did-you-mean suggestions. */
export function builtinNames(): string[] {
  // Enum members first: on a tie, `rmsnrom` should suggest `rmsnorm`, not `RMSNorm`.
  return [
    ...ENUM_MEMBERS.keys(),
    ...SCALAR_FUNCTIONS.keys(),
    "attend",
    "moa_mix",
    "scale",
    ...PRIMITIVES.keys(),
    ...NAMED_TYPES.keys(),
  ];
}
