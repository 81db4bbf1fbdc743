// The ARCH31xx catalog: widths and shapes that do not fit, found before anything runs.
import { defineMessages } from "./define.ts";

export const shapes = defineMessages({
  linearInput: {
    code: "ARCH3101",
    message: (layer: string, expected: number, got: number, from: string) =>
      `${layer} expects ${expected} input features but receives ${got} (from ${from})`,
  },
  residualWidth: {
    code: "ARCH3102",
    message: (branch: number, stream: number) =>
      `the residual branch outputs width ${branch}, but the stream it is added to has width ${stream}`,
    hint: (branch: number, stream: number) =>
      `a residual sublayer must map [B, T, ${stream}] to [B, T, ${stream}], not to [B, T, ${branch}]`,
  },
  headsDivide: {
    code: "ARCH3103",
    message: (width: number, heads: number) =>
      `width ${width} is not divisible by ${heads} heads (head size ${(width / heads).toFixed(2)})`,
  },
  kvHeadsDivide: {
    code: "ARCH3104",
    message: (kv: number, heads: number) => `kv_heads ${kv} must divide heads ${heads}`,
  },
  expertWidth: {
    code: "ARCH3105",
    message: (got: number, expected: number) =>
      `the experts output width ${got}, but the MoE input has width ${expected}`,
  },
  tiedHeadWidth: {
    code: "ARCH3106",
    message: (width: number, d: number) =>
      `a tied head needs the stream width to equal the embedding width ${d}, but it is ${width}`,
    hint: (width: number, d: number) =>
      `use \`head Linear(${width}, vocab)\` instead of tying to the ${d}-wide embedding`,
  },
  elementwise: {
    code: "ARCH3107",
    message: (op: string, a: number, b: number) =>
      `\`${op}\` needs equal widths, but gets ${a} and ${b}`,
  },
  normWidth: {
    code: "ARCH3108",
    message: (layer: string, expected: number, got: number, from: string) =>
      `${layer} normalises ${expected} features but receives ${got} (from ${from})`,
  },
  subNeedsLinear: {
    code: "ARCH3109",
    message: (last: string) =>
      `Sub-LN puts a norm before the sublayer's final Linear, but this sublayer ends with ${last}`,
  },
  dwaWidth: {
    code: "ARCH3110",
    message: (got: number, expected: number) =>
      `DWA averages block outputs of one width, but a block outputs ${got} instead of ${expected}`,
  },
  headVocab: {
    code: "ARCH3111",
    message: (out: number, vocab: number) =>
      `the head outputs ${out} logits, but the vocabulary has ${vocab} tokens`,
  },
  embedWidth: {
    code: "ARCH3112",
    message: (a: number, b: number) => `embeddings of widths ${a} and ${b} cannot be added`,
  },
  attentionInputs: {
    code: "ARCH3113",
    message: (what: string, expected: number, got: number) =>
      `attend expects ${what} of width ${expected}, but gets ${got}`,
  },
  contextTooShort: {
    code: "ARCH3114",
    message: (layer: string, n: number, ctx: number) =>
      `${layer} has ${n} positions, but the input context is ${ctx}`,
  },
  nonPositive: {
    code: "ARCH3115",
    message: (what: string, value: number) => `${what} must be a positive integer, but is ${value}`,
  },
  notTokens: {
    code: "ARCH3116",
    message: (layer: string) =>
      `${layer} reads token ids and belongs in the model's \`embed\` statement`,
  },
  ropeHeadSize: {
    code: "ARCH3117",
    message: (headDim: number) =>
      `rope rotates pairs of features, but the head size ${headDim} is odd`,
  },
  positionsExclusive: {
    code: "ARCH3118",
    message: () => "rope and alibi are two position schemes; an attention takes one of them",
  },
  notPositive: {
    code: "ARCH3119",
    message: (what: string, value: number) => `${what} must be positive, but is ${value}`,
  },
  negative: {
    code: "ARCH3120",
    message: (what: string, value: number) =>
      `${what} must be a non-negative integer, but is ${value}`,
  },
  moaWidth: {
    code: "ARCH3121",
    message: (width: number, experts: number, heads: number) =>
      `moa_mix expects the heads of ${experts} experts × ${heads} heads, but its input width ${width} is not divisible by ${experts * heads}`,
    hint: (_width: number, experts: number, heads: number) =>
      `the attention before moa_mix needs heads: ${experts} * ${heads} (experts × heads per expert)`,
  },
});
