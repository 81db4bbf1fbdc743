// Accept cases for top-level declarations: both import forms, constants with types, blocks with
// typed parameters, defaults and enum types, models, train settings and grow events; comments kept.
import { describe, expect, it } from "vitest";
import { onlyDecl, parseOk, sexp, strip } from "./helpers.ts";

describe("imports", () => {
  it("imports names from a dotted module path, with aliases and a trailing comma", () => {
    expect(strip(onlyDecl("import std.attention.{CausalSelfAttention, MLP as FFN,}"))).toEqual({
      kind: "import",
      from: {
        kind: "modulePath",
        parts: [
          { kind: "ident", name: "std" },
          { kind: "ident", name: "attention" },
        ],
      },
      names: [
        { kind: "importName", name: { kind: "ident", name: "CausalSelfAttention" } },
        {
          kind: "importName",
          name: { kind: "ident", name: "MLP" },
          alias: { kind: "ident", name: "FFN" },
        },
      ],
    });
  });

  it("allows a reserved word as a path part (`std.moe`)", () => {
    const d = onlyDecl("import std.moe.{MoeFFN}");
    expect(
      d.kind === "import" && d.from.kind === "modulePath" && d.from.parts.map((p) => p.name),
    ).toEqual(["std", "moe"]);
  });

  it("imports from a relative file given as a string", () => {
    expect(strip(onlyDecl('import "./blocks.arch".{Layer}'))).toMatchObject({
      from: { kind: "string", value: "./blocks.arch" },
      names: [{ name: { name: "Layer" } }],
    });
  });
});

describe("constants", () => {
  it("parses a constant with and without a type", () => {
    expect(strip(onlyDecl("const d = 256"))).toEqual({
      kind: "const",
      name: { kind: "ident", name: "d" },
      value: { kind: "int", value: 256, text: "256" },
    });
    expect(strip(onlyDecl("const lr: float = 3e-4"))).toMatchObject({
      type: { kind: "typeRef", names: [{ name: "float" }] },
      value: { kind: "float", value: 3e-4 },
    });
  });

  it("accepts an enum type on a constant", () => {
    expect(strip(onlyDecl("const a: gelu | relu = gelu"))).toMatchObject({
      type: { names: [{ name: "gelu" }, { name: "relu" }] },
    });
  });

  it("accepts `;` between declarations", () => {
    expect(parseOk("const a = 1; const b = 2;").decls).toHaveLength(2);
  });
});

describe("blocks", () => {
  it("parses typed parameters, defaults and enum types", () => {
    const d = onlyDecl(
      "block Layer(d: int, act: gelu | relu | silu = gelu, kv: int = d / 2,) { MLP(d) }",
    );
    expect(d.kind).toBe("block");
    if (d.kind !== "block") return;
    expect(d.name.name).toBe("Layer");
    expect(
      d.params.map((p) => [
        p.name.name,
        p.type.names.map((n) => n.name).join("|"),
        p.default && sexp(p.default),
      ]),
    ).toEqual([
      ["d", "int", undefined],
      ["act", "gelu|relu|silu", "gelu"],
      ["kv", "int", "(/ d 2)"],
    ]);
    expect(strip(d.body)).toEqual([
      {
        kind: "layer",
        expr: {
          kind: "call",
          callee: { kind: "ident", name: "MLP" },
          args: [{ kind: "arg", value: { kind: "ident", name: "d" } }],
        },
      },
    ]);
  });

  it("parses a block without parameters and an empty body", () => {
    expect(strip(onlyDecl("block Empty() {}"))).toEqual({
      kind: "block",
      name: { kind: "ident", name: "Empty" },
      params: [],
      body: [],
    });
  });
});

describe("models", () => {
  it("parses the model-only statements", () => {
    const d = onlyDecl(`model GPT {
      input tokens: int[batch, ctx]
      embed TokenEmbedding(vocab, d) + LearnedPositions(ctx, d)
      repeat layers { Layer(d, heads) }
      norm layernorm
      head tied
    }`);
    if (d.kind !== "model") throw new Error(d.kind);
    expect(d.body.map((s) => s.kind)).toEqual(["input", "embed", "repeat", "norm", "head"]);
    expect(strip(d.body[0])).toEqual({
      kind: "input",
      name: { kind: "ident", name: "tokens" },
      type: {
        kind: "tensorType",
        dtype: { kind: "ident", name: "int" },
        dims: [
          { kind: "ident", name: "batch" },
          { kind: "ident", name: "ctx" },
        ],
      },
    });
    expect(d.body[1]?.kind === "embed" && sexp(d.body[1].value)).toBe(
      "(+ (call TokenEmbedding vocab d) (call LearnedPositions ctx d))",
    );
    expect(strip(d.body[4])).toEqual({ kind: "head", value: { kind: "ident", name: "tied" } });
  });
});

describe("train sections", () => {
  it("parses settings, `every N steps` and contextual words as keys", () => {
    const d = onlyDecl(`train GPT {
      data text(sotu, tokenizer: bytes); batch 16
      steps 300
      optimizer adamw(lr: 3e-3, betas: (0.9, 0.95))
      eval every 50 steps
      checkpoint every 2 * 50 steps
    }`);
    if (d.kind !== "train") throw new Error(d.kind);
    expect(d.model.name).toBe("GPT");
    expect(
      d.settings.map((s) => [
        s.key.name,
        s.value.kind === "every" ? `every ${sexp(s.value.count)}` : sexp(s.value),
      ]),
    ).toEqual([
      ["data", "(call text sotu tokenizer:bytes)"],
      ["batch", "16"],
      ["steps", "300"],
      ["optimizer", "(call adamw lr:3e-3 betas:(tuple 0.9 0.95))"],
      ["eval", "every 50"],
      ["checkpoint", "every (* 2 50)"],
    ]);
  });
});

describe("grow sections", () => {
  it("parses events with and without `by` and `masked over`", () => {
    const d = onlyDecl(`grow GPT {
      at step 100: ffn 4 * d -> 8 * d masked over 50 steps
      at step 200: heads 4 -> 8
      at step 400: depth 2 -> 4 by stacking masked over 50 steps; at step 500: width 64 -> 96 by zeros
    }`);
    if (d.kind !== "grow") throw new Error(d.kind);
    expect(strip(d.events[0])).toEqual({
      kind: "growEvent",
      step: { kind: "int", value: 100, text: "100" },
      target: { kind: "ident", name: "ffn" },
      from: {
        kind: "binary",
        op: "*",
        left: { kind: "int", value: 4, text: "4" },
        right: { kind: "ident", name: "d" },
      },
      to: {
        kind: "binary",
        op: "*",
        left: { kind: "int", value: 8, text: "8" },
        right: { kind: "ident", name: "d" },
      },
      maskedOver: { kind: "int", value: 50, text: "50" },
    });
    expect(
      d.events.map((e) => [e.target.name, e.method?.name, e.maskedOver && sexp(e.maskedOver)]),
    ).toEqual([
      ["ffn", undefined, "50"],
      ["heads", undefined, undefined],
      ["depth", "stacking", "50"],
      ["width", "zeros", undefined],
    ]);
  });
});

describe("comments", () => {
  it("keeps line and block comments anywhere, with their spans", () => {
    const text =
      "// head\nconst /* a */ d /* b */ = /* c */ 1 // tail\nblock B(/* p */ d: int /* q */) { /* r */ MLP(d) /* s */ }\n/* end */";
    const m = parseOk(text);
    expect(m.decls).toHaveLength(2);
    expect(m.comments.map((c) => [c.text, c.block])).toEqual([
      ["// head", false],
      ["/* a */", true],
      ["/* b */", true],
      ["/* c */", true],
      ["// tail", false],
      ["/* p */", true],
      ["/* q */", true],
      ["/* r */", true],
      ["/* s */", true],
      ["/* end */", true],
    ]);
    for (const c of m.comments) expect(text.slice(c.span.start, c.span.end)).toBe(c.text);
  });

  it("treats `//` after an expression as a comment", () => {
    const m = parseOk("const hidden = 8 * d / 3 // 256, exact\n");
    expect(m.comments[0]?.text).toBe("// 256, exact");
  });
});
