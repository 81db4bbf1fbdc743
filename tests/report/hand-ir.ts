// Hand-built IR graphs for report and picture tests, independent of lowering: a GPT with Pre-LN or
// Post-LN layers, optional MoE FFNs, DenseFormer DWA and parallel layers, built with GraphBuilder,
// its structure recorded with `within` (repeat → iteration → block → residual / parallel / moe).
// The nodes carry no origin path: the report and the picture read the structure only.
import { GraphBuilder } from "../../compiler/ir/build.ts";
import type { ScopeSpec } from "../../compiler/ir/structure.ts";
import type { Graph, NodeId, OriginSpec, RouterKind } from "../../compiler/ir/types.ts";
import { block, residual } from "./structure-graph.ts";

export interface HandGpt {
  readonly vocab: number;
  readonly d: number;
  readonly heads: number;
  readonly layers: number;
  readonly context: number;
  readonly ffn?: number;
  readonly tied?: boolean;
  /** Placement per layer (default pre). */
  readonly placement?: (i: number) => "pre" | "post";
  readonly parallel?: boolean;
  readonly moe?: {
    readonly experts: number;
    readonly topK: number;
    readonly router: RouterKind;
    readonly layers: (i: number) => boolean;
  };
  readonly dwa?: { readonly dilation: number; readonly period: number };
}

const SPAN = { file: "hand.arch", start: 0, end: 0 };
const origin = (): OriginSpec => ({ span: SPAN });

export function handGpt(o: HandGpt): Graph {
  const b = new GraphBuilder();
  const { d, heads, vocab } = o;
  const ffn = o.ffn ?? 4 * d;
  const tokens = b.add({
    kind: "input",
    inputs: [],
    attrs: { name: "tokens", context: o.context },
    name: "tokens",
    origin: origin(),
  });
  const tok = b.add({
    kind: "embedding",
    inputs: [tokens],
    attrs: { vocab, d },
    name: "tok",
    origin: origin(),
    paramPrefix: "embed.tok",
  });
  const pos = b.add({
    kind: "positions",
    inputs: [tokens],
    attrs: { context: o.context, d, learned: true },
    name: "pos",
    origin: origin(),
    paramPrefix: "embed.pos",
  });
  let x = b.add({ kind: "add", inputs: [tok, pos], attrs: {}, name: "h", origin: origin() });

  const norm = (input: NodeId, prefix: string): NodeId =>
    b.add({
      kind: "layerNorm",
      inputs: [input],
      attrs: { d, eps: 1e-5, bias: true },
      name: "ln",
      origin: origin(),
      paramPrefix: prefix,
    });
  const linear = (input: NodeId, i: number, out: number, prefix: string): NodeId =>
    b.add({
      kind: "linear",
      inputs: [input],
      attrs: { in: i, out, bias: true },
      name: "lin",
      origin: origin(),
      paramPrefix: prefix,
    });
  const attn = (h: NodeId, prefix: string): NodeId =>
    b.within(block("CausalSelfAttention", `${prefix}.attn`), () => {
      const q = linear(h, d, d, `${prefix}.attn.q`);
      const k = linear(h, d, d, `${prefix}.attn.k`);
      const v = linear(h, d, d, `${prefix}.attn.v`);
      const a = b.add({
        kind: "attention",
        inputs: [q, k, v],
        attrs: { heads, kvHeads: heads, headDim: d / heads, causal: true },
        name: "a",
        origin: origin(),
      });
      return linear(a, d, d, `${prefix}.attn.out`);
    });
  const mlp = (h: NodeId, prefix: string): NodeId =>
    b.within(block("MLP", prefix), () => {
      const up = linear(h, d, ffn, `${prefix}.linear_0`);
      const act = b.add({
        kind: "activation",
        inputs: [up],
        attrs: { fn: "gelu" },
        name: "act",
        origin: origin(),
      });
      return linear(act, ffn, d, `${prefix}.linear_1`);
    });
  const moe = (h: NodeId, prefix: string, m: NonNullable<HandGpt["moe"]>): NodeId => {
    const attrs = {
      experts: m.experts,
      topK: m.topK,
      router: m.router,
      capacity: 1.25,
      balance: 0.01,
      d,
      hashSeed: 0,
      vocab,
    };
    const inputs = m.router === "hash" ? [h, tokens] : [h];
    const spec = { kind: "moe", span: SPAN, ...attrs, shared: 0 } as const;
    return b.within(spec, () => {
      const gates = b.add({
        kind: "moeRoute",
        inputs,
        attrs,
        name: "gates",
        origin: origin(),
        paramPrefix: `${prefix}.router`,
      });
      const outs = Array.from({ length: m.experts }, (_, e) => {
        const instance = `${prefix}.experts.${e}`;
        const expert = { kind: "expert", span: SPAN, index: e, shared: false, instance } as const;
        return b.within(expert, () => mlp(h, instance));
      });
      return b.add({
        kind: "moeCombine",
        inputs: [gates, ...outs],
        attrs: { experts: m.experts },
        name: "moe",
        origin: origin(),
      });
    });
  };

  const outputs: NodeId[] = [x];
  const repeat: ScopeSpec = {
    kind: "repeat",
    span: SPAN,
    count: o.layers,
    ...(o.dwa === undefined ? {} : { dwa: o.dwa }),
  };
  const add = (l: NodeId, r: NodeId): NodeId =>
    b.add({ kind: "add", inputs: [l, r], attrs: {}, name: "x", origin: origin() });
  const layer = (i: number, x: NodeId): NodeId => {
    const pre = `blocks.${i}`;
    const ffnOf = (h: NodeId): NodeId =>
      o.moe?.layers(i) === true ? moe(h, `${pre}.moe`, o.moe) : mlp(h, `${pre}.mlp`);
    const branch = (index: number, fn: () => NodeId): NodeId =>
      b.within({ kind: "branch", span: SPAN, index }, fn);
    if (o.parallel === true) {
      const spec = { kind: "parallel", span: SPAN, sharedNorm: true, norm: "layernorm" } as const;
      return b.within(spec, () => {
        const h = norm(x, `${pre}.ln`);
        const s = add(
          x,
          branch(0, () => attn(h, pre)),
        );
        return add(
          s,
          branch(1, () => ffnOf(h)),
        );
      });
    }
    if ((o.placement?.(i) ?? "pre") === "pre") {
      const y = b.within(residual("pre"), () => add(x, attn(norm(x, `${pre}.ln_1`), pre)));
      return b.within(residual("pre"), () => add(y, ffnOf(norm(y, `${pre}.ln_2`))));
    }
    const y = b.within(residual("post"), () => norm(add(x, attn(x, pre)), `${pre}.ln_1`));
    return b.within(residual("post"), () => norm(add(y, ffnOf(y)), `${pre}.ln_2`));
  };
  b.within(repeat, () => {
    for (let i = 0; i < o.layers; i++) {
      const iteration = {
        kind: "iteration",
        span: SPAN,
        index: i,
        instance: `blocks.${i}`,
      } as const;
      const name = o.parallel === true ? "ParallelBlock" : "Layer";
      x = b.within(iteration, () => b.within(block(name, `blocks.${i}`), () => layer(i, x)));
      outputs.push(x);
      const site = i + 1;
      if (o.dwa !== undefined && site % o.dwa.period === 0) {
        const sources = outputs
          .map((_, j) => j)
          .filter((j) => j % o.dwa!.dilation === site % o.dwa!.dilation);
        const ins = sources.map((j) => outputs[j] ?? x);
        x = b.add({
          kind: "dwa",
          inputs: ins,
          attrs: { site, sources },
          name: "y",
          origin: origin(),
          paramPrefix: `dwa.${site}`,
        });
      }
    }
  });
  const f = norm(x, "norm");
  const logits =
    o.tied === false
      ? b.add({
          kind: "linear",
          inputs: [f],
          attrs: { in: d, out: vocab, bias: false },
          name: "logits",
          origin: origin(),
          paramPrefix: "head",
        })
      : b.add({
          kind: "tiedHead",
          inputs: [f],
          attrs: { table: "embed.tok.table", vocab, d },
          name: "logits",
          origin: origin(),
        });
  return b.finish({
    name: "HandGPT",
    source: "hand.arch",
    inputs: [tokens],
    outputs: [logits],
    meta: { vocab, context: o.context, width: d },
  });
}
