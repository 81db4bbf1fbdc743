// Constant folding and names: integer arithmetic, exact division, `**`, `%`, comparisons, logic,
// conditionals, scalar functions, typed constants; snake/kebab case used by naming and stdlib lookup.
import { describe, expect, it } from "vitest";
import { DiagnosticBag } from "../../grammar/core/diagnostic.ts";
import { Reporter } from "../../compiler/lower/diags.ts";
import { constValue } from "../../compiler/lower/eval.ts";
import { makeCtx } from "../../compiler/lower/lower.ts";
import { ModuleLoader } from "../../compiler/lower/resolve.ts";
import { kebabCase, snakeCase } from "../../compiler/lower/scope.ts";
import type { Value } from "../../compiler/lower/values.ts";

/** Folds `const x = <expr>` (after the given preamble) and returns the value and error codes. */
function fold(
  expr: string,
  preamble = "const d = 256\nconst heads = 8\nconst layers = 12",
): { v: Value; codes: string[] } {
  const bag = new DiagnosticBag();
  const reporter = new Reporter(bag);
  const loader = new ModuleLoader(reporter);
  const m = loader.loadText("tests/semantics/virtual.arch", `${preamble}\nconst x = ${expr}\n`);
  const entry = m.names.get("x");
  if (entry?.kind !== "const") throw new Error("no const x");
  const v = constValue(entry, makeCtx(reporter, loader.sources));
  return { v, codes: bag.all.map((d) => d.code) };
}

const value = (expr: string, preamble?: string): Value => {
  const r = fold(expr, preamble);
  expect(r.codes).toEqual([]);
  return r.v;
};

describe("constant folding", () => {
  it.each([
    ["4 * d", { t: "int", v: 1024 }],
    ["d / heads", { t: "int", v: 32 }],
    ["d % 3", { t: "int", v: 1 }],
    ["-7 % 3", { t: "int", v: 2 }],
    ["2 ** 3 ** 2", { t: "int", v: 512 }],
    ["layers - 1", { t: "int", v: 11 }],
    ["floor(layers / 5)", { t: "int", v: 2 }],
    ["ceil(layers / 5)", { t: "int", v: 3 }],
    ["min(d, heads)", { t: "int", v: 8 }],
    ["max(2, 3.5)", { t: "float", v: 3.5 }],
    ["sqrt(16)", { t: "float", v: 4 }],
    ["exp(0)", { t: "float", v: 1 }],
    ["log(1)", { t: "float", v: 0 }],
    ["1.0 / 4", { t: "float", v: 0.25 }],
    ["d > heads and not (layers == 12)", { t: "bool", v: false }],
    ["d < heads or layers != 3", { t: "bool", v: true }],
    ["if layers >= 12 then 1 else 2", { t: "int", v: 1 }],
    ["if layers < 12 then 1 else d / 0", undefined],
  ] as const)("%s", (expr, expected) => {
    if (expected === undefined) {
      expect(fold(expr).codes).toEqual(["ARCH3008"]);
      return;
    }
    expect(value(expr)).toEqual(expected);
  });

  it("keeps an inexact integer division usable by floor, and reports it where an int is required", () => {
    expect(value("floor(8 * 100 / 3)")).toEqual({ t: "int", v: 266 });
    const r = fold("0", "const d = 100\nconst h: int = 8 * d / 3");
    expect(r.codes).toEqual([]);
    const bad = fold("h", "const d = 100\nconst h: int = 8 * d / 3");
    expect(bad.codes).toEqual(["ARCH3007"]);
  });

  it("reports type errors in operators and typed constants", () => {
    expect(fold("true + 1").codes).toEqual(["ARCH3011"]);
    expect(fold("f", "const f: int = 2.5").codes).toEqual(["ARCH3001"]);
    expect(fold("f", "const f: float = 2").v).toEqual({ t: "float", v: 2 });
    expect(fold("sqrt(-1)").codes).toEqual(["ARCH3013"]);
    expect(fold("dd").codes).toEqual(["ARCH2001"]);
  });

  it("evaluates enum members and deepnorm arguments", () => {
    expect(value("gelu")).toEqual({ t: "enum", name: "gelu" });
    const dn = value("deepnorm(alpha: 2.0, beta: 0.5)");
    expect(dn.t === "enum" && dn.name === "deepnorm" && dn.args?.get("beta")).toEqual({
      t: "float",
      v: 0.5,
    });
  });
});

describe("case conversions", () => {
  it.each([
    ["CausalSelfAttention", "causal_self_attention", "causal-self-attention"],
    ["MLP", "mlp", "mlp"],
    ["MoeFFN", "moe_ffn", "moe-ffn"],
    ["PreLNBlock", "pre_ln_block", "pre-ln-block"],
    ["Swiglu", "swiglu", "swiglu"],
    ["TokenEmbedding", "token_embedding", "token-embedding"],
  ])("%s", (name, snake, kebab) => {
    expect(snakeCase(name)).toBe(snake);
    expect(kebabCase(name)).toBe(kebab);
  });
});
