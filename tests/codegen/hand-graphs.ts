// Hand-made IR graphs for codegen tests that must not depend on lowering: a small Pre-LN GPT
// (repeat of identical layers), and variants with Mix-LN-style differing layers, MoE and DWA.
import { GraphBuilder } from "../../compiler/ir/build.ts";
import type { Graph, NodeId, Origin, OriginSpec } from "../../compiler/ir/types.ts";

const FILE = "tests/hand.arch";
const span = (line: number) => ({ file: FILE, start: line * 10, end: line * 10 + 5 });
type Path = Origin["path"];

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
}

/** A small GPT in IR form, with origin paths as lowering records them. */
export function handGpt(o: HandOptions = {}): Graph {
  const {
    layers = 2,
    d = 16,
    vocab = 32,
    context = 8,
    postLayers = 0,
    moe = false,
    dropout = 0,
  } = o;
  const b = new GraphBuilder();
  const top: Path = [];
  const at = (line: number, path: Path = top): OriginSpec => ({ span: span(line), path });
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
  for (let i = 0; i < layers; i++) {
    const lp: Path = [{ block: "Layer", instance: `blocks.${i}`, call: span(3) }];
    const sub = (block: string, name: string): Path => [
      ...lp,
      { block, instance: `blocks.${i}.${name}`, call: span(block === "MLP" ? 21 : 20) },
    ];
    const post = i < postLayers;
    const norm = (x: NodeId, name: string, line: number) =>
      b.add({
        kind: "layerNorm",
        inputs: [x],
        attrs: { d, eps: 1e-5, bias: true },
        name,
        origin: at(line, lp),
        paramPrefix: `blocks.${i}.${name}`,
      });
    // attention
    const ap = sub("CausalSelfAttention", "attn");
    const lin = (
      x: NodeId,
      name: string,
      inD: number,
      outD: number,
      path: Path,
      prefix: string,
      line: number,
    ) =>
      b.add({
        kind: "linear",
        inputs: [x],
        attrs: { in: inD, out: outD, bias: true },
        name,
        origin: at(line, path),
        paramPrefix: `${prefix}.${name}`,
      });
    const a0 = post ? h : norm(h, "ln_1", 20);
    const q = lin(a0, "q", d, d, ap, `blocks.${i}.attn`, 11);
    const k = lin(a0, "k", d, d, ap, `blocks.${i}.attn`, 12);
    const v = lin(a0, "v", d, d, ap, `blocks.${i}.attn`, 13);
    const y = b.add({
      kind: "attention",
      inputs: [q, k, v],
      attrs: { heads: 2, kvHeads: 2, headDim: d / 2, causal: true },
      name: "y",
      origin: at(14, ap),
    });
    const ao = lin(y, "out", d, d, ap, `blocks.${i}.attn`, 14);
    h = b.add({ kind: "add", inputs: [h, ao], attrs: {}, name: "h", origin: at(20, lp) });
    if (post) h = norm(h, "ln_1", 20);
    // feed-forward
    const f0 = post ? h : norm(h, "ln_2", 21);
    let f: NodeId;
    if (moe && i % 2 === 1) {
      const mp: Path = [...lp, { block: "moe", instance: `blocks.${i}.moe`, call: span(22) }];
      const gates = b.add({
        kind: "moeRoute",
        inputs: [f0],
        name: "gates",
        origin: at(22, mp),
        paramPrefix: `blocks.${i}.moe.router`,
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
        const ep: Path = [
          ...mp,
          { block: "MLP", instance: `blocks.${i}.moe.experts.${e}`, call: span(22) },
        ];
        const pre = `blocks.${i}.moe.experts.${e}`;
        const u = lin(f0, "fc", d, 2 * d, ep, pre, 31);
        const g = b.add({
          kind: "activation",
          inputs: [u],
          attrs: { fn: "gelu" },
          name: "act",
          origin: at(32, ep),
        });
        experts.push(lin(g, "proj", 2 * d, d, ep, pre, 33));
      }
      f = b.add({
        kind: "moeCombine",
        inputs: [gates, ...experts],
        attrs: { experts: 4 },
        name: "moe",
        origin: at(22, mp),
      });
    } else {
      const mp = sub("MLP", "mlp");
      const u = lin(f0, "fc", d, 4 * d, mp, `blocks.${i}.mlp`, 31);
      const g = b.add({
        kind: "activation",
        inputs: [u],
        attrs: { fn: "gelu" },
        name: "act",
        origin: at(32, mp),
      });
      f = lin(g, "proj", 4 * d, d, mp, `blocks.${i}.mlp`, 33);
      if (dropout > 0)
        f = b.add({
          kind: "dropout",
          inputs: [f],
          attrs: { p: dropout },
          name: "drop",
          origin: at(34, mp),
        });
    }
    h = b.add({ kind: "add", inputs: [h, f], attrs: {}, name: "h", origin: at(21, lp) });
    if (post) h = norm(h, "ln_2", 21);
  }
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
