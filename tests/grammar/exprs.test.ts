// Accept cases for expressions: literals, precedence and associativity, unary operators, tuples,
// conditional expressions, calls and applies, and the AST shape each one produces.
import { describe, expect, it } from "vitest";
import { codes, expr, sexp, strip } from "./helpers.ts";

describe("literals", () => {
  it.each([
    ["42", "int", 42],
    ["1_000", "int", 1000],
    ["0x10", "int", 16],
    ["0xff_ff", "int", 65535],
    ["3.0", "float", 3],
    ["0.5", "float", 0.5],
    [".5", "float", 0.5],
    ["1.", "float", 1],
    ["3e-4", "float", 3e-4],
    ["1.5E+3", "float", 1500],
    ["2e10", "float", 2e10],
    ["9007199254740992", "int", 2 ** 53],
  ])("%s is a %s literal with value %d, text kept", (text, kind, value) => {
    expect(strip(expr(text))).toEqual({ kind, value, text });
  });

  it("decodes strings with their escapes", () => {
    expect(strip(expr(String.raw`"a\"b\\c\nd\te"`))).toEqual({
      kind: "string",
      value: 'a"b\\c\nd\te',
    });
  });

  it("reads booleans and names", () => {
    expect(strip(expr("true"))).toEqual({ kind: "bool", value: true });
    expect(strip(expr("false"))).toEqual({ kind: "bool", value: false });
    expect(strip(expr("rmsnorm"))).toEqual({ kind: "ident", name: "rmsnorm" });
  });

  it("treats contextual words as names", () => {
    expect(sexp(expr("steps + step + by + masked + over + dwa"))).toBe(
      "(+ (+ (+ (+ (+ steps step) by) masked) over) dwa)",
    );
  });
});

describe("operators", () => {
  it.each([
    ["1 + 2 * 3", "(+ 1 (* 2 3))"],
    ["1 * 2 + 3", "(+ (* 1 2) 3)"],
    ["1 - 2 - 3", "(- (- 1 2) 3)"],
    ["8 / 2 / 2", "(/ (/ 8 2) 2)"],
    ["a % 2 == 1", "(== (% a 2) 1)"],
    ["2 ** 3 ** 2", "(** 2 (** 3 2))"],
    ["2 * 3 ** 2", "(* 2 (** 3 2))"],
    ["-x ** 2", "(** (- x) 2)"],
    ["- - x", "(- (- x))"],
    ["not a and b", "(and (not a) b)"],
    ["a or b and c", "(or a (and b c))"],
    ["a and b or c", "(or (and a b) c)"],
    ["i < layers / 4", "(< i (/ layers 4))"],
    ["a != b", "(!= a b)"],
    ["a <= b or a >= c", "(or (<= a b) (>= a c))"],
    ["a > b and a < c", "(and (> a b) (< a c))"],
    ["(1 + 2) * 3", "(* (+ 1 2) 3)"],
    ["8 * d / 3 // a comment, not floor division", "(/ (* 8 d) 3)"],
  ])("%s parses as %s", (text, want) => {
    expect(sexp(expr(text))).toBe(want);
  });

  it("builds the conditional expression, which binds loosest", () => {
    expect(sexp(expr("if i < n / 4 then post else pre"))).toBe("(if (< i (/ n 4)) post pre)");
    expect(sexp(expr("if a then 1 else if b then 2 else 3 + 4"))).toBe("(if a 1 (if b 2 (+ 3 4)))");
    expect(sexp(expr("1 + (if a then 2 else 3)"))).toBe("(+ 1 (if a 2 3))");
  });
});

describe("tuples and parentheses", () => {
  it("makes a tuple of two or more items, with an optional trailing comma", () => {
    expect(sexp(expr("(0.9, 0.95)"))).toBe("(tuple 0.9 0.95)");
    expect(sexp(expr("(1, 2, 3,)"))).toBe("(tuple 1 2 3)");
    expect(sexp(expr("((1, 2), 3)"))).toBe("(tuple (tuple 1 2) 3)");
  });

  it("keeps a single parenthesized expression as that expression", () => {
    expect(expr("(x)").kind).toBe("ident");
  });
});

describe("calls and applies", () => {
  it("builds a call with positional and named arguments", () => {
    expect(strip(expr("MLP(d, 4 * d, act: gelu)"))).toMatchObject({
      kind: "call",
      callee: { name: "MLP" },
      args: [
        { kind: "arg", value: { kind: "ident", name: "d" } },
        { kind: "arg", value: { kind: "binary", op: "*" } },
        { kind: "arg", name: { name: "act" }, value: { name: "gelu" } },
      ],
    });
  });

  it("accepts empty and trailing-comma argument lists", () => {
    expect(sexp(expr("f()"))).toBe("(call f)");
    expect(sexp(expr("f(a, b,)"))).toBe("(call f a b)");
  });

  it("builds an apply from a call and a second argument list", () => {
    const e = expr("Linear(d, d, bias: false)(x)");
    expect(sexp(e)).toBe("(apply (call Linear d d bias:false) x)");
    expect(e.kind === "apply" && e.fn.kind).toBe("call");
  });

  it("allows a reserved word as an argument name", () => {
    expect(sexp(expr("parallel_norm(norm: rmsnorm)"))).toBe("(call parallel_norm norm:rmsnorm)");
  });

  it("binds calls tighter than unary minus and powers", () => {
    expect(sexp(expr("-sqrt(x) ** 2"))).toBe("(** (- (call sqrt x)) 2)");
  });
});

describe("expression mistakes", () => {
  it.each([
    ["a < b < c", "ARCH1026"],
    ["(1,)", "ARCH1031"],
    ["(f)(x)", "ARCH1029"],
    ["3(x)", "ARCH1029"],
    ["f(a: 1, 2)", "ARCH1025"],
    ["f(a: 1, a: 2)", "ARCH1024"],
    ["1.2.3", "ARCH1004"],
    ["3e", "ARCH1004"],
    ["3e+", "ARCH1004"],
    ["0x", "ARCH1004"],
    ["0xfg", "ARCH1004"],
    ["12ab", "ARCH1004"],
    ["9007199254740993", "ARCH1005"],
    ["1e999", "ARCH1005"],
    [String.raw`"a\qb"`, "ARCH1006"],
    ["if a then b", "ARCH1033"],
  ])("%s is reported as %s", (text, code) => {
    expect(codes(`const x = ${text}`)).toEqual([code]);
  });
});
