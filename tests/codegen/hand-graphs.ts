// Hand-made IR graphs for codegen tests that must not depend on lowering: a small Pre-LN GPT
// (repeat of identical layers), and variants with Mix-LN-style differing layers, MoE, dropout and
// growth-style mixing after each layer. Their structure (repeat → iteration → block → residual /
// moe → expert) is declared with the builder's scopes, as lowering records it.
import { GraphBuilder } from "../../compiler/ir/build.ts";
import type { ScopeSpec } from "../../compiler/ir/structure.ts";
import type { Graph, NodeId, OriginSpec } from "../../compiler/ir/types.ts";

const FILE = "tests/hand.arch";
const span = (line: number) => ({ file: FILE, start: line * 10, end: line * 10 + 5 });
const at = (line: number): OriginSpec => ({ span: span(line) });

export interface HandOptions {
  readonly layers?: number;
  readonly d?: number;
  readonly vocab?: number;
  readonly context?: number;
  /** Layers below this index use Post-LN (differing instances). */
  readonly postLayers?: number;
  /** Layers with an odd index get a 4-expert top-2 MoE FFN. */
  readonly moe?: boolean;
  /** Dropout probability inside the MLP. */
  readonly dropout?: number;
  /** After each layer, h ← h + c·(layer(h) − h) in a `growMix` scope outside it (depth growth's mixing). */
  readonly mix?: boolean;
}

type Sizes = Required<Pick<HandOptions, "d" | "vocab">>;

const block = (name: string, instance: string, line: number) =>
  ({ kind: "block", span: span(line), block: name, instance, args: {}, shared: false }) as const;

/** A small GPT in IR form, with its structure as lowering records it. */
export function handGpt(o: HandOptions = {}): Graph {
  const { layers = 2, d = 16, vocab = 32, context = 8, postLayers = 0, moe = false } = o;
  const b = new GraphBuilder();
  const tokens = b.add({
    kind: "input",
    inputs: [],
    attrs: { name: "tokens", context },
    name: "tokens",
    origin: at(1),
  });
  const tok = b.add({
    kind: "embedding",
    inputs: [tokens],
    attrs: { vocab, d },
    name: "tok",
    origin: at(2),
    paramPrefix: "embed.tok",
  });
  const pos = b.add({
    kind: "positions",
    inputs: [tokens],
    attrs: { context, d, learned: true },
    name: "pos",
    origin: at(2),
    paramPrefix: "embed.pos",
  });
  let h: NodeId = b.add({
    kind: "add",
    inputs: [tok, pos],
    attrs: {},
    name: "embed",
    origin: at(2),
  });
  h = b.within({ kind: "repeat", span: span(3), count: layers }, () => {
    let x = h;
    for (let i = 0; i < layers; i++) {
      const instance = `blocks.${i}`;
      const input = x;
      x = b.within({ kind: "iteration", span: span(3), index: i, instance }, () =>
        b.within(block("Layer", instance, 3), () =>
          layer(b, input, i, { d, vocab }, o, i < postLayers, moe && i % 2 === 1),
        ),
      );
      if (o.mix === true)
        x = b.within({ kind: "growMix", span: span(6), instance }, () => mixIn(b, input, x));
    }
    return x;
  });
  const hf = b.add({
    kind: "layerNorm",
    inputs: [h],
    attrs: { d, eps: 1e-5, bias: true },
    name: "h",
    origin: at(4),
    paramPrefix: "norm",
  });
  const logits = b.add({
    kind: "tiedHead",
    inputs: [hf],
    attrs: { table: "embed.tok.table", vocab, d },
    name: "logits",
    origin: at(5),
  });
  return b.finish({
    name: "HandGPT",
    source: FILE,
    inputs: [tokens],
    outputs: [logits],
    meta: { vocab, context, width: d },
  });
}

/** One layer `blocks.<i>`: attention and feed-forward residuals, Pre-LN or Post-LN. */
function layer(
  b: GraphBuilder,
  x: NodeId,
  i: number,
  { d, vocab }: Sizes,
  o: HandOptions,
  post: boolean,
  moe: boolean,
): NodeId {
  const pre = `blocks.${i}`;
  const norm = (y: NodeId, name: string, line: number) =>
    b.add({
      kind: "layerNorm",
      inputs: [y],
      attrs: { d, eps: 1e-5, bias: true },
      name,
      origin: at(line),
      paramPrefix: `${pre}.${name}`,
    });
  const residual = (line: number, f: (y: NodeId) => NodeId, name: string) => {
    const placement = post ? "post" : "pre";
    const spec: ScopeSpec = {
      kind: "residual",
      span: span(line),
      placement,
      norm: "layernorm",
      scale: 1,
    };
    return b.within(spec, () => {
      const y = f(post ? x : norm(x, name, line));
      const sum = b.add({ kind: "add", inputs: [x, y], attrs: {}, name: "h", origin: at(line) });
      return post ? norm(sum, name, line) : sum;
    });
  };
  x = residual(
    20,
    (y) =>
      b.within(block("CausalSelfAttention", `${pre}.attn`, 20), () =>
        attention(b, y, `${pre}.attn`, d),
      ),
    "ln_1",
  );
  x = residual(
    21,
    (y) =>
      moe
        ? moeFfn(b, y, `${pre}.moe`, { d, vocab })
        : b.within(block("MLP", `${pre}.mlp`, 21), () =>
            mlp(b, y, `${pre}.mlp`, d, 4 * d, o.dropout ?? 0),
          ),
    "ln_2",
  );
  return x;
}

function linear(
  b: GraphBuilder,
  x: NodeId,
  name: string,
  dims: [number, number],
  prefix: string,
  line: number,
): NodeId {
  return b.add({
    kind: "linear",
    inputs: [x],
    attrs: { in: dims[0], out: dims[1], bias: true },
    name,
    origin: at(line),
    paramPrefix: `${prefix}.${name}`,
  });
}

function attention(b: GraphBuilder, x: NodeId, prefix: string, d: number): NodeId {
  const q = linear(b, x, "q", [d, d], prefix, 11);
  const k = linear(b, x, "k", [d, d], prefix, 12);
  const v = linear(b, x, "v", [d, d], prefix, 13);
  const y = b.add({
    kind: "attention",
    inputs: [q, k, v],
    attrs: { heads: 2, kvHeads: 2, headDim: d / 2, causal: true },
    name: "y",
    origin: at(14),
  });
  return linear(b, y, "out", [d, d], prefix, 14);
}

function mlp(
  b: GraphBuilder,
  x: NodeId,
  prefix: string,
  d: number,
  hidden: number,
  dropout: number,
): NodeId {
  const u = linear(b, x, "fc", [d, hidden], prefix, 31);
  const g = b.add({
    kind: "activation",
    inputs: [u],
    attrs: { fn: "gelu" },
    name: "act",
    origin: at(32),
  });
  const f = linear(b, g, "proj", [hidden, d], prefix, 33);
  if (dropout === 0) return f;
  return b.add({
    kind: "dropout",
    inputs: [f],
    attrs: { p: dropout },
    name: "drop",
    origin: at(34),
  });
}

/** A 4-expert top-2 MoE whose experts are MLP(d, 2d) instances `<prefix>.experts.<e>`. */
function moeFfn(b: GraphBuilder, x: NodeId, prefix: string, { d, vocab }: Sizes): NodeId {
  const spec: ScopeSpec = {
    kind: "moe",
    span: span(22),
    router: "softmax",
    experts: 4,
    topK: 2,
    capacity: 2,
    balance: 0.01,
    shared: 0,
  };
  return b.within(spec, () => {
    const gates = b.add({
      kind: "moeRoute",
      inputs: [x],
      name: "gates",
      origin: at(22),
      paramPrefix: `${prefix}.router`,
      attrs: {
        experts: 4,
        topK: 2,
        router: "softmax",
        capacity: 2,
        balance: 0.01,
        d,
        hashSeed: 0,
        vocab,
      },
    });
    const experts: NodeId[] = [];
    for (let e = 0; e < 4; e++) {
      const instance = `${prefix}.experts.${e}`;
      const expert = { kind: "expert", span: span(22), index: e, shared: false, instance } as const;
      experts.push(
        b.within(expert, () =>
          b.within(block("MLP", instance, 22), () => mlp(b, x, instance, d, 2 * d, 0)),
        ),
      );
    }
    return b.add({
      kind: "moeCombine",
      inputs: [gates, ...experts],
      attrs: { experts: 4 },
      name: "moe",
      origin: at(22),
    });
  });
}

/** h ← h + c·(y − h), c ramping in from step 100 (parameterless nodes, like depth growth's). */
function mixIn(b: GraphBuilder, h: NodeId, y: NodeId): NodeId {
  const delta = b.add({
    kind: "sub",
    inputs: [y, h],
    attrs: {},
    name: "grow_delta",
    origin: at(6),
  });
  const scaled = b.add({
    kind: "growMask",
    inputs: [delta],
    attrs: { old: 0, start: 100, steps: 50 },
    name: "residual_grow",
    origin: at(6),
  });
  return b.add({ kind: "add", inputs: [h, scaled], attrs: {}, name: "grow_mix", origin: at(6) });
}
