// Hand-built IR graphs for report and picture tests, independent of lowering: a GPT with Pre-LN or
// Post-LN layers, optional MoE FFNs, DenseFormer DWA and parallel layers, built with GraphBuilder.
import { GraphBuilder } from "../../compiler/ir/build.ts";
import type { Graph, NodeId, Origin, OriginSpec, RouterKind } from "../../compiler/ir/types.ts";

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

type Path = Origin["path"];
const SPAN = { file: "hand.arch", start: 0, end: 0 };
const origin = (path: Path = []): OriginSpec => ({ span: SPAN, path });
const inst = (block: string, instance: string) => ({ block, instance, call: SPAN });

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

  const norm = (input: NodeId, path: Path, prefix: string): NodeId =>
    b.add({
      kind: "layerNorm",
      inputs: [input],
      attrs: { d, eps: 1e-5, bias: true },
      name: "ln",
      origin: origin(path),
      paramPrefix: prefix,
    });
  const linear = (input: NodeId, i: number, out: number, path: Path, prefix: string): NodeId =>
    b.add({
      kind: "linear",
      inputs: [input],
      attrs: { in: i, out, bias: true },
      name: "lin",
      origin: origin(path),
      paramPrefix: prefix,
    });
  const attn = (h: NodeId, path: Path, prefix: string): NodeId => {
    const p = [...path, inst("CausalSelfAttention", `${prefix}.attn`)];
    const q = linear(h, d, d, p, `${prefix}.attn.q`);
    const k = linear(h, d, d, p, `${prefix}.attn.k`);
    const v = linear(h, d, d, p, `${prefix}.attn.v`);
    const a = b.add({
      kind: "attention",
      inputs: [q, k, v],
      attrs: { heads, kvHeads: heads, headDim: d / heads, causal: true },
      name: "a",
      origin: origin(p),
    });
    return linear(a, d, d, p, `${prefix}.attn.out`);
  };
  const mlp = (h: NodeId, path: Path, prefix: string): NodeId => {
    const p = [...path, inst("MLP", prefix)];
    const up = linear(h, d, ffn, p, `${prefix}.linear_0`);
    const act = b.add({
      kind: "activation",
      inputs: [up],
      attrs: { fn: "gelu" },
      name: "act",
      origin: origin(p),
    });
    return linear(act, ffn, d, p, `${prefix}.linear_1`);
  };
  const moe = (h: NodeId, path: Path, prefix: string, m: NonNullable<HandGpt["moe"]>): NodeId => {
    const p = [...path, inst("moe", prefix)];
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
    const gates = b.add({
      kind: "moeRoute",
      inputs,
      attrs,
      name: "gates",
      origin: origin(p),
      paramPrefix: `${prefix}.router`,
    });
    const outs = Array.from({ length: m.experts }, (_, e) => mlp(h, p, `${prefix}.experts.${e}`));
    return b.add({
      kind: "moeCombine",
      inputs: [gates, ...outs],
      attrs: { experts: m.experts },
      name: "moe",
      origin: origin(p),
    });
  };

  const outputs: NodeId[] = [x];
  for (let i = 0; i < o.layers; i++) {
    const path: Path = [inst(o.parallel === true ? "ParallelBlock" : "Layer", `blocks.${i}`)];
    const pre = `blocks.${i}`;
    const ffnOf = (h: NodeId): NodeId =>
      o.moe?.layers(i) === true ? moe(h, path, `${pre}.moe`, o.moe) : mlp(h, path, `${pre}.mlp`);
    if (o.parallel === true) {
      const h = norm(x, path, `${pre}.ln`);
      const s = b.add({
        kind: "add",
        inputs: [x, attn(h, path, pre)],
        attrs: {},
        name: "x",
        origin: origin(path),
      });
      x = b.add({ kind: "add", inputs: [s, ffnOf(h)], attrs: {}, name: "x", origin: origin(path) });
    } else if ((o.placement?.(i) ?? "pre") === "pre") {
      x = b.add({
        kind: "add",
        inputs: [x, attn(norm(x, path, `${pre}.ln_1`), path, pre)],
        attrs: {},
        name: "x",
        origin: origin(path),
      });
      x = b.add({
        kind: "add",
        inputs: [x, ffnOf(norm(x, path, `${pre}.ln_2`))],
        attrs: {},
        name: "x",
        origin: origin(path),
      });
    } else {
      x = norm(
        b.add({
          kind: "add",
          inputs: [x, attn(x, path, pre)],
          attrs: {},
          name: "x",
          origin: origin(path),
        }),
        path,
        `${pre}.ln_1`,
      );
      x = norm(
        b.add({ kind: "add", inputs: [x, ffnOf(x)], attrs: {}, name: "x", origin: origin(path) }),
        path,
        `${pre}.ln_2`,
      );
    }
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
  const f = norm(x, [], "norm");
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
