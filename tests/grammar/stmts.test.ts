// Accept cases for statements of block and model bodies: every statement kind, nested bodies,
// `if`/`else if`/`else`, `repeat … as … with dwa(…)`, dataflow assignments and returns.
import { describe, expect, it } from "vitest";
import { blockBody, onlyDecl, sexp, strip } from "./helpers.ts";

describe("statements", () => {
  it("parses residual, parallel (with and without arguments) and moe bodies", () => {
    const body = blockBody(`
      residual(pre, layernorm, scale: 0.5) { CausalSelfAttention(d, heads) }
      parallel(shared_norm: true) { A; B(d) }
      parallel { A }
      moe(experts: 8, top_k: 2) { MLP(d, 4 * d) }`);
    expect(body.map((s) => s.kind)).toEqual(["residual", "parallel", "parallel", "moe"]);
    expect(strip(body[0])).toMatchObject({
      args: [
        { value: { name: "pre" } },
        { value: { name: "layernorm" } },
        { name: { name: "scale" }, value: { value: 0.5 } },
      ],
      body: [{ kind: "layer", expr: { kind: "call", callee: { name: "CausalSelfAttention" } } }],
    });
    expect(strip(body[1])).toMatchObject({
      branches: [{ kind: "layer", expr: { kind: "ident", name: "A" } }, { kind: "layer" }],
    });
    expect(body[2]?.kind === "parallel" && body[2].args).toEqual([]);
    expect(body[3]?.kind === "moe" && body[3].body.length).toBe(1);
  });

  it("parses repeat with an index and a dwa clause, and nested bodies", () => {
    const [r] = blockBody(
      "repeat layers / 2 as i with dwa(dilation: 2, period: 1) { residual(pre) { repeat 2 { X(i) } } }",
    );
    if (r?.kind !== "repeat") throw new Error(String(r?.kind));
    expect(sexp(r.count)).toBe("(/ layers 2)");
    expect(r.index?.name).toBe("i");
    expect(strip(r.dwa)).toMatchObject({
      kind: "dwa",
      args: [{ name: { name: "dilation" } }, { name: { name: "period" } }],
    });
    expect(strip(r.body)).toMatchObject([
      {
        kind: "residual",
        body: [{ kind: "repeat", count: { value: 2 }, body: [{ kind: "layer" }] }],
      },
    ]);
    const [plain] = blockBody("repeat n { A }");
    expect(plain?.kind === "repeat" && [plain.index, plain.dwa]).toEqual([undefined, undefined]);
  });

  it("parses `with scalar_mix` (no arguments) on a repeat, with or without an index", () => {
    const [r] = blockBody("repeat layers as i with scalar_mix { X(i) }");
    if (r?.kind !== "repeat") throw new Error(String(r?.kind));
    expect(r.index?.name).toBe("i");
    expect(r.dwa).toBeUndefined();
    expect(strip(r.scalarMix)).toMatchObject({ kind: "scalarMix" });
    const [q] = blockBody("repeat 4 with scalar_mix { A }");
    expect(q?.kind === "repeat" && q.scalarMix?.kind).toBe("scalarMix");
    // a name that is neither clause is a syntax error, not a silently ignored word
    expect(() => blockBody("repeat 4 with scalar_max { A }")).toThrow();
  });

  it("parses `with pmod(…)` on a repeat, its arguments kept, no other clause set", () => {
    const [r] = blockBody("repeat layers as i with pmod(mean: 0.5, min: 0.15) { X(i) }");
    if (r?.kind !== "repeat") throw new Error(String(r?.kind));
    expect(r.index?.name).toBe("i");
    expect([r.dwa, r.scalarMix]).toEqual([undefined, undefined]);
    expect(r.pmod?.kind).toBe("pmod");
    expect(r.pmod?.args.map((a) => a.name?.name)).toEqual(["mean", "min"]);
    const [q] = blockBody("repeat 4 with pmod() { A }");
    expect(q?.kind === "repeat" && q.pmod?.args).toEqual([]);
    expect(() => blockBody("repeat 4 with pmod { A }")).toThrow();
  });

  it("parses if / else if / else chains", () => {
    const [s] = blockBody("if i % 2 == 1 { A } else if i == 0 { B } else { C; D }");
    if (s?.kind !== "if") throw new Error(String(s?.kind));
    expect(sexp(s.test)).toBe("(== (% i 2) 1)");
    expect(s.then.length).toBe(1);
    const elif = s.else;
    if (elif === undefined || Array.isArray(elif) || !("kind" in elif))
      throw new Error("else if expected");
    expect(elif.kind).toBe("if");
    expect(Array.isArray(elif.else) && elif.else.length).toBe(2);
    const [noElse] = blockBody("if a { A }");
    expect(noElse?.kind === "if" && noElse.else).toBe(undefined);
  });

  it("parses share, assignments, return and layers by name", () => {
    const body = blockBody(`
      share ffn = MLP(d, 4 * d)
      ffn
      q = Linear(d, d, bias: false)(x)
      h = q + x; dropout(0.1)
      return Linear(d, d)(attend(q, q, q, heads: 4))`);
    expect(strip(body)).toMatchObject([
      { kind: "share", name: { name: "ffn" }, value: { kind: "call", callee: { name: "MLP" } } },
      { kind: "layer", expr: { kind: "ident", name: "ffn" } },
      { kind: "assign", name: { name: "q" }, value: { kind: "apply" } },
      { kind: "assign", name: { name: "h" }, value: { kind: "binary", op: "+" } },
      { kind: "layer", expr: { kind: "call", callee: { name: "dropout" } } },
      {
        kind: "return",
        value: { kind: "apply", inputs: [{ value: { kind: "call", callee: { name: "attend" } } }] },
      },
    ]);
  });

  it("uses contextual words as ordinary names in bodies", () => {
    const body = blockBody("steps = step + 1\nby(masked)\nover", "step: int");
    expect(body.map((s) => s.kind)).toEqual(["assign", "layer", "layer"]);
  });

  it("keeps statements of a model in order", () => {
    const d = onlyDecl(
      "model M { input t: int[b, c]; embed E(v, d); repeat n { if a { A } else { B } }; norm rmsnorm; head Linear(d, v, bias: false) }",
    );
    expect(d.kind === "model" && d.body.map((s) => s.kind)).toEqual([
      "input",
      "embed",
      "repeat",
      "norm",
      "head",
    ]);
  });
});
