// The generated spec of the front-end benchmark (bench/front-end.ts): dense, syntactically varied
// `.arch` text of any length, valid throughout, for parse and format throughput.

/** A syntactically varied spec of about `lines` lines: blocks with dataflow, structure, calls. */
export function bigSpec(lines: number): string {
  const out = ["// generated for the parse benchmark", "import std.ffn.{MLP}", "const d = 64", ""];
  for (let i = 0; out.length < lines - 18; i++) {
    out.push(
      `// block ${i}: attention-like dataflow and a residual stack`,
      `block B${i}(d: int, heads: int = 4, p: float = 0.${i % 10}) {`,
      `  q = Linear(d, d, bias: false)(x)`,
      `  k = Linear(d, d / heads * 2, bias: true)(x)`,
      `  h = attend(q, k, k, heads: heads, kv_heads: 2, causal: true) + scale(x, 0.5 * ${(i % 7) + 1})`,
      `  if p > 0.0 {`,
      `    return Dropout(p)(silu(h) * gelu(Linear(d, d)(h)))`,
      `  }`,
      `  return h`,
      `}`,
      `block S${i}(d: int) {`,
      `  residual(pre, rmsnorm) { MLP(d, 4 * d, act: relu) } // x + MLP(RMSNorm(x))`,
      `  residual(post, layernorm, scale: 0.5) { B${i}(d) }`,
      `}`,
      "",
    );
  }
  out.push(
    "model M {",
    "  input tokens: int[batch, 32]",
    "  embed TokenEmbedding(256, d)",
    "  B0(d)",
    "  head tied",
    "}",
  );
  return `${out.join("\n")}\n`;
}
