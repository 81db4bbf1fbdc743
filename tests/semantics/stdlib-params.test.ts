// Each stdlib block's parameter count equals the formula in its header comment (d 32, 4 heads,
// hidden 64, defaults otherwise), lowered through a one-block wrapper model.
import { describe, expect, it } from "vitest";
import { paramCountUnder } from "../../compiler/ir/param-count.ts";
import { graphOf } from "./helpers.ts";

const d = 32;
const hidden = 64;
const ffn = 4 * d;
const attention = (dkv = d, bias = true): number =>
  2 * d * d + 2 * d * dkv + (bias ? 2 * d + 2 * dkv : 0);
const mlp = (h: number): number => 2 * d * h + h + d;
const layernorm = 2 * d;
const rmsnorm = d;

function count(family: string, block: string, args: string): number {
  const g = graphOf(`import std.${family}.{${block}}
model Wrap {
  input tokens: int[batch, 16]
  embed TokenEmbedding(64, ${d})
  ${block}(${args})
  head Linear(${d}, 64)
}
`);
  const scope = block
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase();
  return paramCountUnder(g, scope);
}

describe("stdlib parameter counts match their documented formulas", () => {
  it.each([
    ["attention", "CausalSelfAttention", `${d}, 4`, attention()],
    [
      "attention",
      "CausalSelfAttention",
      `${d}, 4, kv_heads: 2, bias: false`,
      attention(2 * (d / 4), false),
    ],
    ["ffn", "MLP", `${d}, ${hidden}`, mlp(hidden)],
    ["ffn", "Swiglu", `${d}, ${hidden}`, 3 * d * hidden],
    ["ffn", "Swiglu", `${d}, ${hidden}, bias: true`, 3 * d * hidden + 2 * hidden + d],
    ["moe", "MoeFFN", `${d}, ${hidden}`, 8 * mlp(hidden) + d * 8],
    ["moe", "MoeFFN", `${d}, ${hidden}, experts: 4, router: hash`, 4 * mlp(hidden)],
    ["transformer", "ParallelBlock", `${d}, 4`, attention() + mlp(ffn) + layernorm],
    [
      "transformer",
      "ParallelBlock",
      `${d}, 4, shared_norm: false`,
      attention() + mlp(ffn) + 2 * layernorm,
    ],
    ["transformer", "PeriLNBlock", `${d}, 4`, attention() + mlp(ffn) + 4 * rmsnorm],
    ["transformer", "PostLNBlock", `${d}, 4`, attention() + mlp(ffn) + 2 * layernorm],
    ["transformer", "PreLNBlock", `${d}, 4`, attention() + mlp(ffn) + 2 * layernorm],
    [
      "transformer",
      "PreLNBlock",
      `${d}, 4, norm_kind: rmsnorm`,
      attention() + mlp(ffn) + 2 * rmsnorm,
    ],
  ] as const)("%s.%s(%s)", (family, block, args, expected) => {
    expect(count(family, block, args)).toBe(expected);
  });
});
